#pragma once

#include "cli/args.hpp"
#include "cli/cli_doc.hpp"
#include "cli/commands/commands.hpp"
#include "cli/declared_option.hpp"
#include "core/util/error.hpp"

#include <string>
#include <vector>

namespace sipsurv::cli {

// Everything `command` takes, in --help order: its own options, then
// --phone and the phone settings of its areas (the settings table's rows).
// The assigners write into `args`; assign_in_order() runs them so that
// the --phone file comes first, the phone settings next (over the file),
// the command's own options last.
DeclaredOptions command_options(const CommandSpec& command, Args& args);

// The given options' values ("given[i]" holds option i's values, empty when
// not given) into `args`, in the order above; then args.report_settings.
// Errors (Errc::usage) name the option and what is allowed.
Result<void> assign_in_order(const DeclaredOptions& options, const std::vector<std::vector<std::string>>& given,
                             Args& args);

// The whole command line as plain data, for help, the man page and the
// completions (no CLI11: docgen and the drift tests read it).
CliDoc describe_command_line();

} // namespace sipsurv::cli
