#pragma once

#include "cli/args.hpp"
#include "core/report/finding.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace sipsurv::cli {

// How text output looks: colour, decided once from --color, isatty() and
// NO_COLOR, and the width lines wrap at (output_width(): the one home for
// it). Renderers take it as a parameter, so tests render at 80 columns
// whatever the terminal.
struct TextStyle {
  bool color = false;
  std::size_t width = 80;

  std::string bold(std::string_view s) const;
  std::string severity(report::Severity sev, std::string_view s) const;
  std::string good(std::string_view s) const;
  std::string bad(std::string_view s) const;
};

// auto: colour only when `fd` is a terminal and NO_COLOR is unset or empty;
// the width from output_width(fd).
TextStyle make_text_style(ColorMode mode, int fd);

} // namespace sipsurv::cli
