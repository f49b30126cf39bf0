#include "cli/render/perfdata.hpp"

#include "core/util/escape.hpp"

#include <fmt/format.h>

namespace sipsurv::cli {
namespace {

std::string
replace_all(std::string text, std::string_view from, std::string_view to)
{
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

std::string
number(double v, int decimals)
{
  return fmt::format("{:.{}f}", v, decimals);
}

std::string
quoted(std::string_view label)
{
  return "'" + replace_all(std::string(label), "'", "''") + "'";
}

} // namespace

std::string
perf_label_piece(std::string_view raw)
{
  // After escape_for_terminal a backslash is always doubled, so "\x3d" here
  // can only come from '='.
  return replace_all(replace_all(escape_for_terminal(raw), "=", "\\x3d"), "|", "\\x7c");
}

std::string
perfdata_text(std::span<const PerfDatum> data)
{
  std::string out;
  for (const auto& d : data) {
    // The bounds are whole numbers here (0, a count): shortest form.
    std::string fields[] = {d.warn, d.crit, d.min ? fmt::format("{}", *d.min) : std::string(),
                            d.max ? fmt::format("{}", *d.max) : std::string()};
    std::size_t used = 4;
    while (used > 0 && fields[used - 1].empty()) {
      --used;
    }
    std::string item =
      fmt::format("{}={}{}", quoted(d.label), d.unknown ? std::string("U") : number(d.value, d.decimals),
                  d.unknown ? std::string() : d.uom);
    for (std::size_t i = 0; i < used; ++i) {
      item += ";" + fields[i];
    }
    out += (out.empty() ? "" : " ") + item;
  }
  return out;
}

std::string
nagios_text(std::string_view raw)
{
  return replace_all(escape_for_terminal(raw), "|", "\\x7c");
}

} // namespace sipsurv::cli
