#pragma once

#include "cli/cli_doc.hpp"

#include <string>

// Shell completion scripts generated from the CLI definition: subcommands,
// options (global ones before or after the subcommand), the values of
// enumerated options, and file names where an option takes a file.
namespace sipsurv::cli::docgen {

// For bash (sourced; needs no bash-completion helpers): defines _sipsurv and
// registers it with `complete -F _sipsurv sipsurv`.
std::string bash_completion(const CliDoc& cli);

// For zsh's completion system: the autoloadable function file _sipsurv.
std::string zsh_completion(const CliDoc& cli);

// For fish: `complete -c sipsurv …` lines, one per option and command.
std::string fish_completion(const CliDoc& cli);

// The options CLI11 adds on its own, which the CliDoc does not list.
inline constexpr const char* k_help_text = "Print help and exit";
inline constexpr const char* k_version_text =
  "Print the version of sipsurv and of c-ares, OpenSSL and sofia-sip, then exit";

} // namespace sipsurv::cli::docgen
