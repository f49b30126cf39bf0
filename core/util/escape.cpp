#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace sipsurv {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not one.
std::size_t
utf8_sequence_length(std::string_view s, std::size_t i)
{
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
  } else {
    return 0;
  }
  if (i + len > s.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
      return 0;
    }
  }
  const auto second = static_cast<unsigned char>(s[i + 1]);
  // C1 controls (U+0080..U+009F) are encoded as C2 80..C2 9F: escape them too.
  if (lead == 0xC2 && second < 0xA0) {
    return 0;
  }
  // RFC 3629 §4: overlong forms (E0 80 9B would be ESC in a lenient decoder),
  // UTF-16 surrogates and code points above U+10FFFF are not UTF-8. Found by
  // fuzzing (tests/fuzz/regressions/util_escape/).
  if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) || (lead == 0xF0 && second < 0x90) ||
      (lead == 0xF4 && second > 0x8F)) {
    return 0;
  }
  return len;
}

// The code point of the valid UTF-8 sequence of `len` bytes at s[i].
char32_t
decode_utf8(std::string_view s, std::size_t i, std::size_t len)
{
  static constexpr unsigned char k_lead_mask[] = {0, 0, 0x1F, 0x0F, 0x07};
  auto cp = static_cast<char32_t>(static_cast<unsigned char>(s[i]) & k_lead_mask[len]);
  for (std::size_t k = 1; k < len; ++k) {
    cp = (cp << 6) | static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  return cp;
}

// ALM, LRM/RLM, the embeddings and overrides LRE..RLO, the isolates
// LRI..PDI (Unicode UAX #9), and LINE/PARAGRAPH SEPARATOR: they are valid
// and invisible, yet reorder or split the text around them (CVE-2021-42574).
bool
is_bidi_or_separator_control(char32_t cp)
{
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

} // namespace

std::string
escape_for_terminal(std::string_view raw)
{
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c == '\\') {
      out += "\\\\";
      ++i;
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
    } else if (const std::size_t len = c >= 0x80 ? utf8_sequence_length(raw, i) : 0; len > 0) {
      // Valid, but invisible controls that reorder or split what is read:
      // named by code point so the reader can look it up.
      if (const char32_t cp = decode_utf8(raw, i, len); is_bidi_or_separator_control(cp)) {
        out += fmt::format("\\u{{{:04x}}}", static_cast<std::uint32_t>(cp));
      } else {
        out.append(raw.substr(i, len));
      }
      i += len;
    } else {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    }
  }
  return out;
}

} // namespace sipsurv
