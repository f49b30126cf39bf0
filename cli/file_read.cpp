#include "cli/file_read.hpp"

#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace sipsurv::cli {

Result<std::string>
read_bounded(const std::string& path, std::size_t max_bytes, std::string_view option)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(Errc::usage,
                fmt::format("{} {}: cannot open: {}; allowed: a readable text file", option, escape_for_terminal(path),
                            std::strerror(errno)));
  }
  std::string text;
  char buf[16384];
  while (in && text.size() <= max_bytes) {
    in.read(buf, sizeof buf);
    text.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > max_bytes) {
    return fail(Errc::usage,
                fmt::format("{} {}: larger than {} bytes; allowed: a text file up to that size", option,
                            escape_for_terminal(path), max_bytes));
  }
  if (in.bad()) {
    return fail(Errc::usage, fmt::format("{} {}: read error", option, escape_for_terminal(path)));
  }
  if (text.find('\0') != std::string::npos) {
    return fail(Errc::usage,
                fmt::format("{} {}: contains NUL bytes; allowed: a text file", option, escape_for_terminal(path)));
  }
  return text;
}

} // namespace sipsurv::cli
