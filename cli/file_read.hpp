#pragma once

#include "core/util/error.hpp"
#include "core/util/limits.hpp" // the callers pass one of its limits

#include <cstddef>
#include <string>
#include <string_view>

namespace sipsurv::cli {

// Read a whole text file given to `option` (--phone, --scenario, --dns-file,
// --targets), at most `max_bytes` (a limit of core/util/limits.hpp).
//   - Only a regular file (or a symlink to one) is read: a FIFO, a device
//     (/dev/zero, /dev/tty), a socket or a directory is refused at once,
//     never waited on. The file is opened with O_NONBLOCK | O_NOCTTY and
//     checked with fstat, so neither a FIFO without a writer nor a terminal
//     can block the open, and what is checked is what is read.
//   - More than `max_bytes`, a NUL byte or a read error is refused too.
// Errors are Errc::usage (exit 64), one line naming the option, the file
// (escaped) and what is allowed.
Result<std::string> read_bounded(const std::string& path, std::size_t max_bytes, std::string_view option);

} // namespace sipsurv::cli
