#include "core/status/threshold.hpp"

#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sipsurv::status {
namespace {

// A finite decimal number (no nan, inf or hex).
std::optional<double>
number(std::string_view s)
{
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
      })) {
    return std::nullopt;
  }
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

} // namespace

Result<Range>
parse_range(std::string_view text)
{
  const auto bad = [&](std::string_view why) {
    return fail(Errc::usage,
                fmt::format("'{}': {}; allowed: a range as Monitoring Plugins write it: 10, 10:, ~:10, "
                            "10:20 or @10:20",
                            escape_for_terminal(text), why));
  };
  Range r;
  r.text = std::string(text);
  std::string_view s = text;
  if (s.starts_with('@')) {
    r.inside = true;
    s.remove_prefix(1);
  }
  if (s.empty()) {
    return bad("empty");
  }
  const auto colon = s.find(':');
  if (colon == std::string_view::npos) {
    const auto end = number(s);
    if (!end) {
      return bad("not a number");
    }
    r.end = *end;
  } else {
    const std::string_view start = s.substr(0, colon);
    const std::string_view end = s.substr(colon + 1);
    if (start == "~") {
      r.start.reset();
    } else if (!start.empty()) {
      const auto v = number(start);
      if (!v) {
        return bad("the start is not a number or ~");
      }
      r.start = *v;
    }
    if (!end.empty()) {
      const auto v = number(end);
      if (!v) {
        return bad("the end is not a number");
      }
      r.end = *v;
    }
  }
  if (r.start && r.end && *r.start > *r.end) {
    return bad("the start is above the end");
  }
  return r;
}

bool
alerts(const Range& range, double value)
{
  const bool within = (!range.start || value >= *range.start) && (!range.end || value <= *range.end);
  return range.inside ? within : !within;
}

} // namespace sipsurv::status
