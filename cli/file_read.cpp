#include "cli/file_read.hpp"

#include "cli/file_kind.hpp"
#include "core/util/escape.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sipsurv::cli {
namespace {

// Closes the descriptor on every return path.
struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd()
  {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

} // namespace

Result<std::string>
read_bounded(const std::string& path, std::size_t max_bytes, std::string_view option)
{
  const std::string shown = escape_for_terminal(path);
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
  // writer; O_NOCTTY: a terminal device must not become ours.
  const Fd file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (file.fd < 0) {
    return fail(
      Errc::usage,
      fmt::format("{} {}: cannot open: {}; allowed: a readable regular file", option, shown, std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) {
    return fail(Errc::usage, fmt::format("{} {}: cannot stat: {}", option, shown, std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return fail(Errc::usage,
                fmt::format("{} {}: is {}; allowed: a regular file", option, shown, file_kind(st.st_mode)));
  }
  if (st.st_size > 0 && static_cast<std::size_t>(st.st_size) > max_bytes) {
    return fail(
      Errc::usage,
      fmt::format("{} {}: larger than {} bytes; allowed: a text file up to that size", option, shown, max_bytes));
  }
  // Bounded even if the file grows while it is read (or lies about its size, as /proc files do).
  std::string text;
  char buf[16384];
  while (text.size() <= max_bytes) {
    const ssize_t n = ::read(file.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return fail(Errc::usage, fmt::format("{} {}: read error: {}", option, shown, std::strerror(errno)));
    }
    if (n == 0) {
      break;
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  if (text.size() > max_bytes) {
    return fail(
      Errc::usage,
      fmt::format("{} {}: larger than {} bytes; allowed: a text file up to that size", option, shown, max_bytes));
  }
  if (text.find('\0') != std::string::npos) {
    return fail(Errc::usage, fmt::format("{} {}: contains NUL bytes; allowed: a text file", option, shown));
  }
  return text;
}

} // namespace sipsurv::cli
