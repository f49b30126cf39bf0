// Fuzz target: escaping of network strings for the terminal
// (core/util/escape). The property that matters: whatever a hostile peer
// sends, the escaped text holds no C0/C1 control character, no invalid
// UTF-8 and no bidi or line/paragraph separator control, so it can neither
// drive the terminal nor reorder what the reader sees.
#include "core/util/escape.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace sipsurv;

namespace {

// Written out again here rather than shared with escape.cpp, so the check
// does not trust the code it checks.
bool
is_bidi_or_separator(std::uint32_t cp)
{
  switch (cp) {
  case 0x061C: // ALM
  case 0x200E: // LRM
  case 0x200F: // RLM
  case 0x202A: // LRE
  case 0x202B: // RLE
  case 0x202C: // PDF
  case 0x202D: // LRO
  case 0x202E: // RLO
  case 0x2066: // LRI
  case 0x2067: // RLI
  case 0x2068: // FSI
  case 0x2069: // PDI
  case 0x2028: // LINE SEPARATOR
  case 0x2029: // PARAGRAPH SEPARATOR
    return true;
  default:
    return false;
  }
}

// Valid UTF-8 (RFC 3629) without C0, DEL or C1 controls, nor bidi controls.
bool
is_terminal_safe(std::string_view s)
{
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) {
        return false;
      }
      ++i;
      continue;
    }
    std::size_t len = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
    } else {
      return false;
    }
    if (i + len > s.size()) {
      return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xC2 && second < 0xA0) {
      return false; // C1 control
    }
    // RFC 3629 §4: no overlong forms (which could smuggle ESC past a naive
    // check), no surrogates, nothing above U+10FFFF.
    if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) || (c == 0xF0 && second < 0x90) ||
        (c == 0xF4 && second > 0x8F)) {
      return false;
    }
    std::uint32_t cp = c & (len == 2 ? 0x1FU : len == 3 ? 0x0FU : 0x07U);
    for (std::size_t k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
    }
    if (is_bidi_or_separator(cp)) {
      return false;
    }
    i += len;
  }
  return true;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const std::string escaped = escape_for_terminal(raw);
  SIPSURV_FUZZ_CHECK(is_terminal_safe(escaped));
  SIPSURV_FUZZ_CHECK(escaped.size() >= raw.size() && escaped.size() <= 4 * raw.size());
  return 0;
}
