#pragma once

#include <array>
#include <string_view>

namespace sipsurv::cli {

// The exit status contract (SPEC.md "Exit status"). The man page's EXIT
// STATUS section is generated from k_exit_codes.
enum class ExitCode : int {
  ok = 0,
  warning = 1,
  critical = 2,
  unknown = 3,
  usage = 64,
  internal = 70,
  io_error = 74, // EX_IOERR of sysexits.h
};

struct ExitCodeInfo {
  ExitCode code;
  std::string_view name;
  std::string_view meaning;
};

inline constexpr std::array k_exit_codes{
  ExitCodeInfo{ExitCode::ok, "OK",
               "The site is in its normal state; for resolve: records found; for probe: every target answered 2xx."},
  ExitCodeInfo{ExitCode::warning, "WARNING",
               "Degraded: redundancy lost, failed over, survivable mode, certificate expiring, risky settings."},
  ExitCodeInfo{ExitCode::critical, "CRITICAL",
               "The phone would be on its backup only, or down; no usable server; NXDOMAIN for the SRV name."},
  ExitCodeInfo{ExitCode::unknown, "UNKNOWN",
               "Could not find out: no DNS server answered, or an internal limit was hit."},
  ExitCodeInfo{ExitCode::usage, "USAGE",
               "Bad option or value, or an unreadable file; the message names the argument and what is allowed."},
  ExitCodeInfo{ExitCode::internal, "INTERNAL", "A bug in sipsurv; the message asks you to report it."},
  ExitCodeInfo{ExitCode::io_error, "IOERR",
               "The report could not be written: a write to standard output or to the watch --textfile failed "
               "(a full disk, > /dev/full); a one-line error says what failed. A reader that closes the pipe "
               "early (| head) is not an error: the status is then the report's."},
};

constexpr int
to_int(ExitCode c)
{
  return static_cast<int>(c);
}

} // namespace sipsurv::cli
