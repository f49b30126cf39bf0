#include "cli/value_parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace sipsurv::cli {
namespace {

std::string
lowercase(std::string_view s)
{
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string
number_text(double v)
{
  return fmt::format("{}", v);
}

} // namespace

std::string
range_text(double min, double max, std::string_view unit)
{
  return unit.empty() ? fmt::format("{} to {}", number_text(min), number_text(max))
                      : fmt::format("{} to {} {}", number_text(min), number_text(max), unit);
}

ParsedUnsigned
parse_unsigned(std::string_view text, std::uint64_t min, std::uint64_t max, std::string_view unit)
{
  ParsedUnsigned out;
  const std::string allowed =
    fmt::format("allowed: a whole number, {}", range_text(static_cast<double>(min), static_cast<double>(max), unit));
  if (text.empty() || text.front() == '+' || text.front() == '-') {
    out.error = fmt::format("not a whole number; {}", allowed);
    return out;
  }
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out.value);
  const bool parsed = ec == std::errc{} && ptr == text.data() + text.size();
  if (ec == std::errc::result_out_of_range || (parsed && (out.value < min || out.value > max))) {
    out.error = fmt::format("out of range; {}", allowed);
  } else if (!parsed) {
    out.error = fmt::format("not a whole number; {}", allowed);
  }
  return out;
}

ParsedNumber
parse_number(std::string_view text, double min, double max, std::string_view unit)
{
  ParsedNumber out;
  const std::string allowed = fmt::format("allowed: {}", range_text(min, max, unit));
  // from_chars would take "inf", "nan" and hex floats: a value is digits,
  // an optional sign, a decimal point and an exponent only.
  const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
  });
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out.value);
  if (!plain || ec != std::errc{} || ptr != text.data() + text.size() || !std::isfinite(out.value)) {
    out.error = fmt::format("not a number; {}", allowed);
  } else if (out.value < min || out.value > max) {
    out.error = fmt::format("out of range; {}", allowed);
  }
  return out;
}

ParsedChoice
parse_choice(std::string_view text, std::span<const std::string> choices)
{
  ParsedChoice out;
  const std::string typed = lowercase(text);
  for (const auto& c : choices) {
    if (lowercase(c) == typed) {
      out.value = c;
      return out;
    }
  }
  out.error = fmt::format("not allowed; allowed: {}", fmt::join(choices, ", "));
  return out;
}

std::optional<bool>
parse_yes_no(std::string_view text)
{
  const std::string t = lowercase(text);
  if (t == "yes" || t == "true" || t == "on" || t == "1") {
    return true;
  }
  if (t == "no" || t == "false" || t == "off" || t == "0") {
    return false;
  }
  return std::nullopt;
}

} // namespace sipsurv::cli
