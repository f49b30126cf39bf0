#include "cli/docgen/roff.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace sipsurv::cli::docgen {
namespace {

// Decodes one UTF-8 sequence at `i` (advancing it); an invalid byte is
// returned as U+FFFD so the output is still valid roff.
std::uint32_t
next_code_point(std::string_view s, std::size_t& i)
{
  const auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[k])); };
  const std::uint32_t b0 = byte(i);
  std::size_t extra = 0;
  std::uint32_t cp = 0;
  if (b0 < 0x80U) {
    ++i;
    return b0;
  }
  if ((b0 & 0xE0U) == 0xC0U) {
    extra = 1;
    cp = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    extra = 2;
    cp = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    extra = 3;
    cp = b0 & 0x07U;
  } else {
    ++i;
    return 0xFFFDU;
  }
  if (i + extra >= s.size()) { // truncated sequence
    i = s.size();
    return 0xFFFDU;
  }
  for (std::size_t k = 1; k <= extra; ++k) {
    if ((byte(i + k) & 0xC0U) != 0x80U) {
      ++i;
      return 0xFFFDU;
    }
    cp = (cp << 6U) | (byte(i + k) & 0x3FU);
  }
  i += extra + 1;
  return cp;
}

std::string
escape(std::string_view s, bool literal)
{
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\\') {
      out += "\\e";
      ++i;
    } else if (c == '-' && (literal || (i + 1 < s.size() && s[i + 1] == '-') || (i > 0 && s[i - 1] == '-'))) {
      out += "\\-";
      ++i;
    } else if (static_cast<unsigned char>(c) >= 0x80U) {
      out += fmt::format("\\[u{:04X}]", next_code_point(s, i));
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
      ++i;
    } else if (static_cast<unsigned char>(c) < 0x20U || c == 0x7F) {
      ++i; // a control character has no place in a man page
    } else {
      out += c;
      ++i;
    }
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) {
    out.insert(0, "\\&");
  }
  return out;
}

} // namespace

std::string
roff_text(std::string_view s)
{
  return escape(s, false);
}

std::string
roff_literal(std::string_view s)
{
  return escape(s, true);
}

std::string
roff_bold(std::string_view s)
{
  return "\\fB" + roff_literal(s) + "\\fR";
}

std::string
roff_italic(std::string_view s)
{
  return "\\fI" + roff_literal(s) + "\\fR";
}

std::string
sentence(std::string_view s)
{
  std::string out(s);
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  if (!out.empty() && out.back() != '.' && out.back() != '!' && out.back() != '?') {
    out += '.';
  }
  return out;
}

} // namespace sipsurv::cli::docgen
