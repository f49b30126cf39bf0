#pragma once

#include "cli/cli_doc.hpp"

#include <cstddef>
#include <string>

namespace sipsurv::cli {

// --help, from the same description as the man page and the completions,
// laid out for `width` columns: the command list, or one command's
// options with its phone settings under their own heading.
std::string main_help(const CliDoc& cli, std::size_t width);
std::string command_help(const CommandDoc& command, std::size_t width);

} // namespace sipsurv::cli
