#pragma once

#include <expected>
#include <string>

namespace sipsurv {

// Why an operation could not be performed at all. Broken targets are not
// errors: they are findings (see core/report/finding.hpp).
enum class Errc {
  usage,     // the caller's input is malformed (bad domain, bad address, bad file)
  timeout,   // the deadline passed before an answer came
  refused,   // the peer actively refused
  no_server, // no server answered at all
  protocol,  // the peer sent something that breaks the protocol
  limit,     // a named limit was hit (see core/util/limits.hpp)
  io,        // a local system call failed
  internal,  // a bug
};

struct Error {
  Errc code = Errc::internal;
  // Lower-case, no trailing period or newline; the CLI adds "sipsurv: ".
  // Printed as it is, so any file name, argument or network string in it is
  // escaped (escape_for_terminal) once, where the message is built. The one
  // exception: a parser of network bytes (sip::parse_response) quotes them
  // raw, because its message becomes data (ProbeResult::error) that each
  // renderer escapes for its own medium.
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error>
fail(Errc code, std::string message)
{
  return std::unexpected<Error>(Error{code, std::move(message)});
}

} // namespace sipsurv
