#pragma once

#include "cli/args.hpp"
#include "cli/declared_option.hpp"
#include "cli/exit_code.hpp"

#include <span>
#include <string_view>
#include <vector>

namespace sipsurv::cli {

// One subcommand: the only place a command is declared. The subcommand
// list, --help, dispatch (cli/run.cpp), the man page and the completions
// all come from this table (CONTRIBUTING.md: adding a subcommand).
struct CommandSpec {
  std::string_view name;
  std::string_view summary;                         // one line, for --help and the man page
  unsigned setting_areas = 0;                       // which phone settings it takes (SettingArea bits)
  std::vector<std::string_view> settings_excluded;  // phone settings it declares its own way
  DeclaredOptions (*options)(Args& args) = nullptr; // its own options, in help order
  ExitCode (*run)(const Args& args) = nullptr;
};

std::span<const CommandSpec> command_table();
const CommandSpec* find_command(std::string_view name);

// Each command's options and run function (cli/commands/<name>.cpp).
DeclaredOptions resolve_options(Args& args);
DeclaredOptions probe_options(Args& args);
DeclaredOptions simulate_options(Args& args);
DeclaredOptions status_options(Args& args);
DeclaredOptions watch_options(Args& args);
ExitCode run_resolve(const Args& args);
ExitCode run_probe(const Args& args);
ExitCode run_status(const Args& args);
ExitCode run_watch(const Args& args);
ExitCode run_simulate(const Args& args);

} // namespace sipsurv::cli
