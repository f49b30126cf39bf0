#pragma once

#include "cli/exit_code.hpp"

#include <string_view>

namespace sipsurv::cli {

// One line on stderr: "sipsurv: error: <message>". The only way cli/ reports
// problems; stdout carries the report (and nothing but JSON with --format json).
// The message must already be terminal-safe: strings from the network or a
// file inside it went through escape_for_terminal once, where it was built.
void print_error(std::string_view message);
void print_warning(std::string_view message);

// How writing the report to stdout went.
enum class ReportWrite {
  ok,
  // The reader went away (`sipsurv status | head -1`: EPIPE). Not an error:
  // the rest is dropped silently and the exit status still carries the
  // result, which is what a pipeline with pipefail checks.
  reader_gone,
  // Any other write error (a full disk, `> /dev/full`, an I/O error): one
  // line on stderr, once, and the command exits with ExitCode::io_error.
  failed,
};

// Write the report (or one watch line) to stdout and flush it. Once a write
// failed, later calls write nothing and return the same outcome, so watch can
// stop and a second error line is never printed.
ReportWrite print_report(std::string_view text);

// The exit code of a command whose report was written with `written`: the
// command's own (`result`) unless stdout failed, then io_error (74).
ExitCode exit_after_report(ReportWrite written, ExitCode result);

} // namespace sipsurv::cli
