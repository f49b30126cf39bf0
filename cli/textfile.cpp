#include "cli/textfile.hpp"

#include "cli/file_kind.hpp"
#include "core/util/escape.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace sipsurv::cli {
namespace {

std::string
directory_of(const std::string& path)
{
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? std::string("/") : path.substr(0, slash);
}

// The mode a new file gets from open(2): 0666 less the umask. umask(2) can
// only be read by setting it, so set it back at once (sipsurv has one thread).
mode_t
new_file_mode()
{
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return static_cast<mode_t>(0666 & ~mask);
}

bool
write_all(int fd, std::string_view text)
{
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

Error
io_error(std::string_view option, const std::string& path, std::string_view what)
{
  return Error{Errc::io, fmt::format("{} {}: {}: {}", option, escape_for_terminal(path), what, std::strerror(errno))};
}

} // namespace

std::optional<std::string>
textfile_target_problem(const std::string& path, std::string_view option)
{
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return std::nullopt; // created by the first write
    }
    return fmt::format("{} {}: cannot check it: {}", option, escape_for_terminal(path), std::strerror(errno));
  }
  if (S_ISREG(st.st_mode)) {
    return std::nullopt;
  }
  return fmt::format("{} {}: is {}; allowed: a regular file or a new file name", option, escape_for_terminal(path),
                     file_kind(st.st_mode));
}

Result<void>
write_textfile(const std::string& path, std::string_view text, std::string_view option)
{
  if (auto problem = textfile_target_problem(path, option)) {
    return fail(Errc::io, std::move(*problem));
  }
  struct stat target {};
  const mode_t mode = ::stat(path.c_str(), &target) == 0 ? (target.st_mode & 07777) : new_file_mode();

  std::string tmp = path + ".XXXXXX";
  std::vector<char> name(tmp.begin(), tmp.end());
  name.push_back('\0');
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    return std::unexpected(io_error(option, path, "cannot create a temporary file beside it"));
  }
  tmp.assign(name.data());
  const auto give_up = [&](std::string_view what) {
    const Error e = io_error(option, path, what); // before close/unlink change errno
    if (fd >= 0) {
      ::close(fd);
    }
    ::unlink(tmp.c_str());
    return std::unexpected(e);
  };
  if (::fchmod(fd, mode) != 0) {
    return give_up("cannot set the temporary file's mode");
  }
  if (!write_all(fd, text)) {
    return give_up("cannot write");
  }
  if (::fsync(fd) != 0) {
    return give_up("cannot sync");
  }
  if (::close(fd) != 0) {
    const Error e = io_error(option, path, "cannot write (close)");
    ::unlink(tmp.c_str());
    return std::unexpected(e);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const Error e = io_error(option, path, "cannot replace it");
    ::unlink(tmp.c_str());
    return std::unexpected(e);
  }
  // The rename itself is durable once the directory is synced; the file is
  // already complete, so a failure here is not worth failing the round.
  if (const int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

} // namespace sipsurv::cli
