#pragma once

#include <string>
#include <string_view>

// Helpers to write man(7) source that `groff -ww -man` accepts without a
// warning, whatever characters the CLI definition and tables contain.
namespace sipsurv::cli::docgen {

// Text for a roff text line: backslashes become \e, non-ASCII characters
// \[uXXXX], a leading '.' or '\'' is guarded with \&, and "--" (an option
// named in prose) becomes \-\- so it renders as two ASCII hyphens.
std::string roff_text(std::string_view s);

// A literal the user types (option name, value): like roff_text, and every
// '-' becomes \- so copy and paste from the rendered page works.
std::string roff_literal(std::string_view s);

// "\fB<literal>\fR" and "\fI<literal>\fR".
std::string roff_bold(std::string_view s);
std::string roff_italic(std::string_view s);

// `s` with a final period added unless it already ends a sentence.
std::string sentence(std::string_view s);

} // namespace sipsurv::cli::docgen
