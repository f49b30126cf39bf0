#pragma once

#include "cli/args.hpp"
#include "cli/cli_doc.hpp"
#include "cli/commands/commands.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sipsurv::cli {

// What parsing produced: the command to run, or an exit (help, version, or a
// usage error with its message).
struct ParseOutcome {
  const CommandSpec* command = nullptr;
  bool exit_now = false;
  int exit_code = 0;
  std::string output; // help or version text (or a Nagios UNKNOWN line) for stdout
  std::string error;  // a usage error for stderr (one line)
};

// Parse argv into `args`: the command table's options (cli/commands/) given
// to CLI11, then each given value through its assigner. The only
// translation unit that includes CLI11 (it is slow to compile); nothing
// runs during parsing.
ParseOutcome parse_command_line(const std::vector<std::string>& argv, Args& args);

// For the drift test: every option name CLI11 knows, per subcommand ("" for
// the global ones), so tests can compare them with describe_command_line()
// and the settings table.
std::vector<std::pair<std::string, std::string>> cli11_option_names();

} // namespace sipsurv::cli
