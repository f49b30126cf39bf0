#pragma once

#include <string>
#include <vector>

namespace sipsurv::cli {

// A plain description of the command line, filled by build_app() while it
// declares the CLI11 options, so help, man page and completions come from
// one definition. Tests check it against the CLI11 App it was built with.
struct OptionDoc {
  std::string name;       // "--format", or "DOMAIN" for a positional
  std::string value_name; // "FORMAT"; empty for flags
  std::string help;
  std::string default_value;
  std::vector<std::string> choices; // enumerated values, for completions
  // What the value names on disk, for completions and the existence check.
  enum class Path { none, existing_file, directory, output_file };
  Path path = Path::none;
  bool repeatable = false;
  bool positional = false;
};

struct CommandDoc {
  std::string name;
  std::string summary;
  std::vector<OptionDoc> options;
};

struct CliDoc {
  std::vector<OptionDoc> global_options; // accepted before or after the subcommand
  std::vector<CommandDoc> commands;
};

} // namespace sipsurv::cli
