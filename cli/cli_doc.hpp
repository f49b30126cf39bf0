#pragma once

#include <string>
#include <vector>

namespace sipsurv::cli {

// A plain description of one option, made by the command table's
// declarations (cli/commands/) together with what parses it, so help, the
// man page and the completions come from one definition.
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
  std::string group = k_command_group; // the heading it is listed under in --help
  std::string short_name;              // "-f", or empty

  static constexpr const char* k_command_group = "Options";
  static constexpr const char* k_phone_group = "Phone settings";
};

// One phone setting as the man page's PHONE SETTINGS section shows it.
struct SettingDoc {
  OptionDoc option;
  std::string web_label;             // the phone's web interface label; empty for sipsurv's own settings
  std::string web_path;              // "System > SIP interface"
  std::vector<std::string> commands; // the commands that take it
};

struct CommandDoc {
  std::string name;
  std::string summary;
  std::vector<OptionDoc> options; // its own options, then the phone settings it takes
};

struct CliDoc {
  // Before the command: none but -h/--help and -V/--version, which every
  // generator adds itself (CLI11 declares them, not the command table).
  std::vector<OptionDoc> global_options;
  std::vector<CommandDoc> commands;
  std::vector<SettingDoc> phone_settings; // every row of the settings table
};

} // namespace sipsurv::cli
