#pragma once

#include "cli/args.hpp"
#include "cli/cli_doc.hpp"

#include <string>
#include <vector>

namespace sipsurv::cli {

enum class Command { none, resolve, probe, simulate, status, watch };

// What parsing produced: the command to run, or an exit (help, version, or a
// usage error with its message).
struct ParseOutcome {
  Command command = Command::none;
  bool exit_now = false;
  int exit_code = 0;
  std::string output; // help or version text for stdout
  std::string error;  // a usage error for stderr (one line)
};

// Parse argv into `args`. The only translation unit that includes CLI11
// (it is slow to compile); nothing runs during parsing.
ParseOutcome parse_command_line(const std::vector<std::string>& argv, Args& args);

// The command line as plain data (see cli_doc.hpp).
CliDoc describe_command_line();

// For the drift test: every option name CLI11 knows, per subcommand ("" for
// the global ones), so tests can compare them with describe_command_line().
std::vector<std::pair<std::string, std::string>> cli11_option_names();

} // namespace sipsurv::cli
