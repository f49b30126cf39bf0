#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace sipsurv::cli {

// The width text output is laid out for: COLUMNS when stdout is a terminal
// (within 40-400), else 80, so a pasted or redirected report is stable.
std::size_t output_width(int fd);

// `text` wrapped at spaces into lines of at most `width` columns (counted
// in UTF-8 code points), the first line after `first` (already on the
// line, e.g. a label), the others after `hanging` spaces. Runs of spaces
// inside a line are kept (e.g. "text  [rule]"); a break replaces them. A
// word longer than a line is broken so no line passes the width. Returns
// the lines joined with '\n', without a final newline.
std::string wrap(std::string_view text, std::size_t width, std::string_view first, std::size_t hanging);

// One output line: `first` then `text` wrapped with a hanging indent under
// the column where `text` starts, ending in '\n'. The way every renderer
// lays out prose (evidence, timeline text, summaries): the first words stay
// on the labelled line, so a grep for a label still finds it.
std::string hanging_line(std::string_view first, std::string_view text, std::size_t width);

// `items` joined by `separator`, broken only between items (an option and
// its value, "resolver 127.0.0.1:53530", stay together): the first line
// after `first`, the others after `hanging` spaces. An item wider than a
// line gets a line of its own. Without a final newline.
std::string wrap_items(std::span<const std::string> items, std::string_view separator, std::size_t width,
                       std::string_view first, std::size_t hanging);

// Display columns of a UTF-8 string (one per code point; sipsurv prints no
// wide characters of its own, and escaped network text is ASCII). Colour
// escapes (ESC [ ... m, from TextStyle) take no columns.
std::size_t columns(std::string_view s);

} // namespace sipsurv::cli
