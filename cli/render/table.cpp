#include "cli/render/table.hpp"

#include "cli/render/wrap.hpp"

#include <algorithm>

namespace sipsurv::cli {
namespace {

void
trim_right(std::string& s)
{
  while (!s.empty() && s.back() == ' ') {
    s.pop_back();
  }
}

} // namespace

std::string
table_row(std::span<const std::string> cells, std::span<const Column> cols, std::span<const std::size_t> gaps,
          std::size_t indent, std::size_t width)
{
  std::string out;               // finished lines
  std::string line(indent, ' '); // the line being built
  std::size_t used = indent;     // its display columns
  std::size_t start = indent;    // where the current column starts
  const std::size_t n = std::min(cells.size(), cols.size());
  std::size_t second = indent; // where the second column starts
  for (std::size_t i = 0; i < n; ++i) {
    if (i == 1) {
      second = start;
    }
    if (used > start) { // the previous cell overflowed its column
      trim_right(line);
      out += line + "\n";
      line.assign(start, ' ');
      used = start;
    }
    line.append(start - used, ' ');
    used = start;
    const std::string& cell = cells[i];
    const std::size_t cw = columns(cell);
    if (i + 1 == n) {
      if (used + cw > width && used + k_min_last_column > width && i > 0) {
        trim_right(line);
        out += line + "\n";
        line.assign(second, ' ');
        used = second;
      }
      line = wrap(cell, width, line, used);
      trim_right(line);
      return out + line + "\n";
    }
    const std::size_t pad = cols[i].width > cw ? cols[i].width - cw : 0;
    if (cols[i].right) {
      line.append(pad, ' ');
      line += cell;
    } else {
      line += cell;
      line.append(pad, ' ');
    }
    used += cw + pad;
    start += cols[i].width + (i < gaps.size() ? gaps[i] : 1);
  }
  trim_right(line);
  return out + line + "\n";
}

} // namespace sipsurv::cli
