#pragma once

#include <string_view>

namespace sipsurv::cli {

// One line on stderr: "sipsurv: error: <message>". The only way cli/ reports
// problems; stdout carries the report (and nothing but JSON with --format json).
void print_error(std::string_view message);
void print_warning(std::string_view message);

} // namespace sipsurv::cli
