#pragma once

#include "core/util/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sipsurv::cli {

// Why `path` cannot be the target of `watch --textfile` (or `status --save`), or nothing when it
// can: a regular file, or no file yet. A symlink, FIFO, device, socket or
// directory is refused (one line, the path escaped), so that sipsurv never
// writes through a link or into a pipe or a device, nor replaces one.
std::optional<std::string> textfile_target_problem(const std::string& path, std::string_view option = "--textfile");

// Replace `path` with `text` atomically, for the node exporter's textfile
// collector, which must never read half a file: write a temporary file made
// with mkstemp in the target's directory (named "<target>.XXXXXX", so the
// collector's *.prom glob skips it), fsync it, rename it over the target,
// then fsync the directory. The new file keeps the target's permission bits
// (a new target gets 0666 less the umask, as any new file would). The target
// is checked with textfile_target_problem first. On any failure the
// temporary file is removed and the target is left as it was; the error
// (Errc::io) is one line naming the path and the system's reason.
// `option` names the file in messages (watch --textfile, status --save).
Result<void> write_textfile(const std::string& path, std::string_view text, std::string_view option = "--textfile");

} // namespace sipsurv::cli
