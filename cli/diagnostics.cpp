#include "cli/diagnostics.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sipsurv::cli {
namespace {

// Sticky like ferror(stdout), but remembers whether the reader left (EPIPE)
// or the write failed, and that the failure was reported.
ReportWrite g_stdout_state = ReportWrite::ok;

} // namespace

void
print_error(std::string_view message)
{
  fmt::print(stderr, "sipsurv: error: {}\n", message);
}

void
print_warning(std::string_view message)
{
  fmt::print(stderr, "sipsurv: warning: {}\n", message);
}

ReportWrite
print_report(std::string_view text)
{
  if (g_stdout_state != ReportWrite::ok) {
    return g_stdout_state;
  }
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0) {
    return ReportWrite::ok;
  }
  const int err = errno;
  if (err == EPIPE) {
    g_stdout_state = ReportWrite::reader_gone;
  } else {
    g_stdout_state = ReportWrite::failed;
    print_error(
      fmt::format("cannot write the report to standard output: {}", err != 0 ? std::strerror(err) : "write error"));
  }
  return g_stdout_state;
}

ExitCode
exit_after_report(ReportWrite written, ExitCode result)
{
  return written == ReportWrite::failed ? ExitCode::io_error : result;
}

} // namespace sipsurv::cli
