#include "cli/render/wrap.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace sipsurv::cli {

std::size_t
columns(std::string_view s)
{
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      const std::size_t m = s.find('m', i + 2);
      if (m != std::string_view::npos) {
        i = m;
        continue;
      }
    }
    n += (static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U ? 1U : 0U;
  }
  return n;
}

std::size_t
output_width(int fd)
{
  if (::isatty(fd) == 0) {
    return 80;
  }
  if (const char* env = std::getenv("COLUMNS"); env != nullptr) {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && v >= 40 && v <= 400) {
      return static_cast<std::size_t>(v);
    }
  }
  winsize ws{};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40 && ws.ws_col <= 400) {
    return ws.ws_col;
  }
  return 80;
}

namespace {

// The byte offset after `cols` code points of `s`.
std::size_t
prefix_bytes(std::string_view s, std::size_t cols)
{
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U) {
      if (seen == cols) {
        return i;
      }
      ++seen;
    }
  }
  return s.size();
}

} // namespace

std::string
wrap(std::string_view text, std::size_t width, std::string_view first, std::size_t hanging)
{
  std::string out(first);
  std::size_t used = columns(first);
  // Most lines fit: the same result as the loop below (which drops leading
  // and trailing spaces and keeps the ones between words), without measuring
  // each word three times. A probe table has thousands of such lines.
  if (used + columns(text) <= width && !text.starts_with(' ') && !text.ends_with(' ')) {
    out += text;
    return out;
  }
  const std::size_t indent = hanging < width ? hanging : 0;
  bool line_has_word = false;
  std::size_t pos = 0;
  // Bounded: every pass consumes at least one byte of `text`.
  std::size_t gap = 0; // spaces seen since the last word
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      ++gap;
      continue;
    }
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    std::string_view word = text.substr(pos, end - pos);
    const std::size_t spaces = line_has_word ? gap : 0;
    gap = 0;
    const std::size_t need = columns(word) + spaces;
    if (used + need <= width || (!line_has_word && used + columns(word) <= width)) {
      out.append(spaces, ' ');
      used += spaces;
      out += word;
      used += columns(word);
      line_has_word = true;
      pos = end;
      continue;
    }
    if (line_has_word || used > indent) {
      out += '\n';
      out.append(indent, ' ');
      used = indent;
      line_has_word = false;
      if (columns(word) <= width - used) {
        continue;
      }
    }
    // A word longer than the whole line: break it.
    const std::size_t fit = width > used ? width - used : 1;
    const std::size_t cut = prefix_bytes(word, fit);
    out += word.substr(0, cut);
    used += columns(word.substr(0, cut));
    line_has_word = true;
    pos += cut;
    if (pos < end) {
      out += '\n';
      out.append(indent, ' ');
      used = indent;
      line_has_word = false;
    }
  }
  return out;
}

std::string
hanging_line(std::string_view first, std::string_view text, std::size_t width)
{
  // A label wider than half the line would leave a thin column of text:
  // continue under a fixed indent instead.
  const std::size_t label = columns(first);
  return wrap(text, width, first, label <= width / 2 ? label : 4) + "\n";
}

std::string
wrap_items(std::span<const std::string> items, std::string_view separator, std::size_t width, std::string_view first,
           std::size_t hanging)
{
  std::string out(first);
  std::size_t used = columns(first);
  bool line_empty = true;
  for (const auto& item : items) {
    const std::size_t need = columns(item) + (line_empty ? 0 : columns(separator));
    if (!line_empty && used + need > width) {
      out += "\n" + std::string(hanging, ' ');
      used = hanging;
      line_empty = true;
    }
    if (!line_empty) {
      out += separator;
      used += columns(separator);
    }
    out += item;
    used += columns(item);
    line_empty = false;
  }
  return out;
}

} // namespace sipsurv::cli
