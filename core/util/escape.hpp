#pragma once

#include <string>
#include <string_view>

namespace sipsurv {

// Make a string that came from the network or a file safe for a terminal:
//   - C0 controls, DEL and C1 controls (so ESC of ANSI sequences, CSI, CR,
//     LF) become \xNN, one escape per byte;
//   - invalid UTF-8 bytes (overlong forms, surrogates, > U+10FFFF, stray
//     continuation bytes) become \xNN;
//   - the Unicode bidi and separator controls U+061C, U+200E-200F,
//     U+202A-202E, U+2066-2069, U+2028-2029 (valid UTF-8 that reorders or
//     breaks the line a technician reads) become \u{XXXX}, lower-case hex;
//   - a backslash becomes \\, so every escape above is unambiguous.
// Printable UTF-8 passes through unchanged. Apply it once, where the string
// is printed as text (it is not idempotent: a second pass doubles each
// backslash). JSON output does not use it: JSON carries the raw value.
std::string escape_for_terminal(std::string_view raw);

} // namespace sipsurv
