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

} // namespace sipsurv::cli
