#include "cli/phone_file.hpp"

#include "cli/file_read.hpp"
#include "core/util/escape.hpp"
#include "core/util/limits.hpp"
#include "core/util/nearest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::cli {
namespace {

std::string_view
trim(std::string_view s)
{
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view
unquote(std::string_view v)
{
  v = trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    return v.substr(1, v.size() - 2);
  }
  return v;
}

// A comment after a value starts with whitespace and '#' or ';' outside quotes.
std::string_view
strip_comment(std::string_view v)
{
  char quote = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if ((c == '#' || c == ';') && i > 0 && (v[i - 1] == ' ' || v[i - 1] == '\t')) {
      return v.substr(0, i);
    }
  }
  return v;
}

// The value, or the items of a ["a", "b"] list.
std::vector<std::string>
values_of(std::string_view raw)
{
  std::string_view v = trim(raw);
  if (v.size() < 2 || v.front() != '[' || v.back() != ']') {
    return {std::string(unquote(v))};
  }
  std::vector<std::string> out;
  std::string_view list = v.substr(1, v.size() - 2);
  while (!trim(list).empty()) {
    const auto comma = list.find(',');
    out.emplace_back(unquote(list.substr(0, comma)));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return out;
}

std::vector<std::string>
known_keys()
{
  std::vector<std::string> keys;
  for (const auto& row : phone_setting_table()) {
    keys.emplace_back(row.name);
    if (!row.web_label.empty()) {
      keys.push_back(setting_key(row.web_label.substr(0, row.web_label.find(','))));
    }
  }
  return keys;
}

std::string
unknown_key_message(std::string_view key)
{
  std::vector<std::string> names;
  for (const auto& row : phone_setting_table()) {
    names.emplace_back(row.name);
  }
  const auto near = nearest(setting_key(key), known_keys());
  return fmt::format("unknown setting '{}'{}; allowed: {} (or the phone's web-interface labels, e.g. 'SIP "
                     "transport'; see sipsurv(1) PHONE SETTINGS)",
                     escape_for_terminal(key), near ? fmt::format("; did you mean '{}'?", *near) : std::string(),
                     fmt::join(names, ", "));
}

} // namespace

Result<std::vector<PhoneFileSetting>>
parse_phone_text(std::string_view text, std::string_view file_name)
{
  const std::string file = escape_for_terminal(file_name);
  std::vector<PhoneFileSetting> out;
  std::size_t pos = 0;
  std::size_t line_no = 0;
  while (pos < text.size()) {
    ++line_no;
    const auto end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    const auto where = [&](const std::string& what) {
      return fail(Errc::usage, fmt::format("{}:{}: {}", file, line_no, what));
    };
    if (line_no > limits::k_max_file_lines) {
      return where(fmt::format("more than {} lines (max_file_lines)", limits::k_max_file_lines));
    }
    if (line.empty() || line.front() == '#' || line.front() == ';') {
      continue;
    }
    if (line.front() == '[') {
      if (setting_key(line) != "default") {
        return where(fmt::format("section '{}' is not supported; allowed: KEY = VALUE lines, no sections (a "
                                 "[default] header is ignored)",
                                 escape_for_terminal(line)));
      }
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      return where(fmt::format("'{}' is not a setting; allowed: KEY = VALUE", escape_for_terminal(line)));
    }
    const std::string_view key = trim(line.substr(0, eq));
    const PhoneSettingRow* row = find_phone_setting(key);
    if (row == nullptr) {
      return where(unknown_key_message(key));
    }
    const auto values = values_of(strip_comment(line.substr(eq + 1)));
    if (values.empty() || (values.size() == 1 && values.front().empty())) {
      return where(fmt::format("{}: no value; allowed: {}", row->name, row->value_name));
    }
    if (values.size() > 1 && !row->repeatable) {
      return where(fmt::format("{}: a list; allowed: one value", row->name));
    }
    PhoneSettings scratch; // check each line's values here, so the error names its line
    if (const std::string why = row->apply(scratch, values); !why.empty()) {
      return where(
        fmt::format("{} '{}': {}", row->name, escape_for_terminal(fmt::format("{}", fmt::join(values, ", "))), why));
    }
    auto it = std::find_if(out.begin(), out.end(), [&](const PhoneFileSetting& s) { return s.row == row; });
    if (it == out.end()) {
      out.push_back(PhoneFileSetting{row, values});
    } else if (row->repeatable) {
      it->values.insert(it->values.end(), values.begin(), values.end());
    } else {
      it->values = values;
    }
  }
  return out;
}

Result<std::vector<PhoneFileSetting>>
read_phone_file(const std::string& path)
{
  auto text = read_bounded(path, limits::k_max_phone_file, "--phone");
  if (!text) {
    return std::unexpected(text.error());
  }
  return parse_phone_text(*text, path);
}

Result<void>
apply_phone_file(const std::vector<PhoneFileSetting>& settings, std::string_view file_name, PhoneSettings& s)
{
  for (const auto& setting : settings) {
    if (const std::string why = setting.row->apply(s, setting.values); !why.empty()) {
      return fail(Errc::usage,
                  fmt::format("--phone {}: {}: {}", escape_for_terminal(file_name), setting.row->name, why));
    }
  }
  return {};
}

} // namespace sipsurv::cli
