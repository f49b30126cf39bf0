#pragma once

#include <string_view>

namespace sipsurv::cli {

// One line on stderr: "sipsurv: error: <message>". The only way cli/ reports
// problems; stdout carries the report (and nothing but JSON with --format json).
void print_error(std::string_view message);
void print_warning(std::string_view message);

// Write the report (or one watch line) to stdout and flush it. A reader that
// went away (`sipsurv status | head -1`: EPIPE) is not an error: the rest is
// dropped and the exit status still carries the result. False once stdout
// can take no more, so watch can stop.
bool print_report(std::string_view text);

} // namespace sipsurv::cli
