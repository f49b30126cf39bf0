#pragma once

#include "cli/cli_doc.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sipsurv::cli {

// Check the shape of a command line against its description before CLI11
// parses it, so the common mistakes get sipsurv's own one-line message
// with a suggestion: an unknown command ("did you mean 'status'?"), an
// unknown option of the command, an option before the command that belongs
// after it, an option missing its value. `argv[0]` is the program. Nothing
// when the shape is fine (values are checked later, by their assigners).
std::optional<std::string> check_argv_shape(const std::vector<std::string>& argv, const CliDoc& cli);

} // namespace sipsurv::cli
