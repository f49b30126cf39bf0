#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace sipsurv::cli {

// One column of a text table: its width (the caller computes it from the
// cells, capped so one long name does not push every row off the line) and
// its alignment.
struct Column {
  std::size_t width = 0;
  bool right = false;
};

// One row of a text table, ending in '\n'. Cells may carry colour (padding
// counts display columns). The layout, chosen so columns stay aligned at any
// width and every cell stays whole (a grep for "role  server" still finds it):
//  - a cell wider than its column is printed whole, and the row continues on
//    the next line at the next column's position;
//  - the last column is free text (an answer, an error): it wraps under its
//    own column when at least k_min_last_column columns are left for it,
//    else it continues on the next line under the second column.
// `indent` spaces start the row; `gaps[i]` spaces follow column i.
std::string table_row(std::span<const std::string> cells, std::span<const Column> cols,
                      std::span<const std::size_t> gaps, std::size_t indent, std::size_t width);

inline constexpr std::size_t k_min_last_column = 20;

} // namespace sipsurv::cli
