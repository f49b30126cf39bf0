#pragma once

#include "cli/docgen/man_page.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sipsurv::cli::docgen {

// Tab-separated lists of what the man page and completions must contain,
// for the drift tests (tests/cli), which compare them with the generated
// files and with what a real shell completes. `what` is one of:
//   commands    NAME
//   options     SCOPE NAME KIND CHOICES  (SCOPE a command, or "-" for the
//               options before it; KIND flag|value|file|directory|positional;
//               CHOICES space-separated). A command's rows include the phone
//               settings it takes.
//   phone-settings  NAME KIND CHOICES COMMANDS (the settings table's rows;
//               COMMANDS space-separated)
//   findings    ID SEVERITY
//   exit-codes  CODE NAME
//   limits      NAME VALUE
// nullopt for an unknown `what`.
std::optional<std::string> listing(std::string_view what, const ManInputs& in);

} // namespace sipsurv::cli::docgen
