#include "cli/render/text_style.hpp"

#include "cli/render/wrap.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <unistd.h>

namespace sipsurv::cli {
namespace {

std::string
wrap(bool on, std::string_view code, std::string_view s)
{
  return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : std::string(s);
}

} // namespace

std::string
TextStyle::bold(std::string_view s) const
{
  return wrap(color, "1", s);
}

std::string
TextStyle::severity(report::Severity sev, std::string_view s) const
{
  switch (sev) {
  case report::Severity::critical:
    return wrap(color, "1;31", s);
  case report::Severity::warning:
    return wrap(color, "33", s);
  case report::Severity::info:
    break;
  }
  return wrap(color, "36", s);
}

std::string
TextStyle::good(std::string_view s) const
{
  return wrap(color, "32", s);
}

std::string
TextStyle::bad(std::string_view s) const
{
  return wrap(color, "1;31", s);
}

TextStyle
make_text_style(ColorMode mode, int fd)
{
  const std::size_t width = output_width(fd);
  switch (mode) {
  case ColorMode::always:
    return TextStyle{true, width};
  case ColorMode::never:
    return TextStyle{false, width};
  case ColorMode::auto_detect:
    break;
  }
  const char* no_color = std::getenv("NO_COLOR");
  const bool no_color_set = no_color != nullptr && no_color[0] != '\0';
  return TextStyle{isatty(fd) == 1 && !no_color_set, width};
}

} // namespace sipsurv::cli
