#include "cli/diagnostics.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace sipsurv::cli {

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

bool
print_report(std::string_view text)
{
  if (std::ferror(stdout) != 0) {
    return false;
  }
  const bool ok = std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0;
  return ok;
}

} // namespace sipsurv::cli
