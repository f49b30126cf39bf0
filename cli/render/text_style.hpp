#pragma once

#include "cli/args.hpp"
#include "core/report/finding.hpp"

#include <string>
#include <string_view>

namespace sipsurv::cli {

// Colour for text output, decided once from --color, isatty() and NO_COLOR.
struct TextStyle {
  bool color = false;

  std::string bold(std::string_view s) const;
  std::string severity(report::Severity sev, std::string_view s) const;
  std::string good(std::string_view s) const;
  std::string bad(std::string_view s) const;
};

// auto: colour only when `fd` is a terminal and NO_COLOR is unset or empty.
TextStyle make_text_style(ColorMode mode, int fd);

} // namespace sipsurv::cli
