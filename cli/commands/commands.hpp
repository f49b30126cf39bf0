#pragma once

#include "cli/args.hpp"
#include "cli/exit_code.hpp"

namespace sipsurv::cli {

// Each command: turn args into core inputs, call core, render, map to an exit code.
ExitCode run_resolve(const Args& args);
ExitCode run_probe(const Args& args);
ExitCode run_status(const Args& args);
ExitCode run_watch(const Args& args);
ExitCode run_simulate(const Args& args);

} // namespace sipsurv::cli
