#pragma once

#include <string>
#include <string_view>

namespace sipsurv {

// Make a string that came from the network safe for a terminal: control
// characters (C0, DEL, C1, and so ESC of ANSI sequences) become \xNN, a
// backslash becomes \\ and invalid UTF-8 bytes become \xNN. Printable
// UTF-8 passes through unchanged.
std::string escape_for_terminal(std::string_view raw);

} // namespace sipsurv
