#include "cli/phone_file.hpp"

#include "cli/file_read.hpp"
#include "core/dns/server_address.hpp"
#include "core/util/escape.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace sipsurv::cli {
namespace {

enum class Kind { text, number, choice, dns };

// One key of the file: the option's long name and what its value may be.
// The ranges and choices are those of the options in cli/app.cpp.
struct Key {
  std::string_view name;
  Kind kind;
  double min = 0;
  double max = 0;
  std::string_view choices; // "tls|tcp|udp"
};

constexpr std::array k_keys{
  Key{"sip-server", Kind::text, 0, 0, {}},
  Key{"sip-server-port", Kind::number, 0, 65535, {}},
  Key{"sip-gateway", Kind::text, 0, 0, {}},
  Key{"registrar", Kind::text, 0, 0, {}},
  Key{"outbound-proxy", Kind::choice, 0, 0, "yes|no"},
  Key{"transport", Kind::choice, 0, 0, "tls|tcp|udp"},
  Key{"dns", Kind::dns, 0, 0, {}},
  Key{"connectivity-check", Kind::number, 0, 86400, {}},
  Key{"response-timer", Kind::number, 100, 600000, {}},
  Key{"non-invite-timer", Kind::number, 100, 600000, {}},
  Key{"reg-backoff", Kind::number, 0, 86400, {}},
  Key{"registration-expiry", Kind::number, 1, 604800, {}},
  Key{"backup-proxy", Kind::text, 0, 0, {}},
  Key{"backup-transport", Kind::choice, 0, 0, "udp|tcp"},
  Key{"backup-registration", Kind::choice, 0, 0, "yes|no"},
  Key{"survivability-proxy", Kind::text, 0, 0, {}},
};

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

std::string
allowed_keys()
{
  std::string out;
  for (const auto& k : k_keys) {
    out += out.empty() ? "" : ", ";
    out += k.name;
  }
  return out;
}

std::string_view
unquote(std::string_view v)
{
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    return v.substr(1, v.size() - 2);
  }
  return v;
}

// Why `value` is not allowed for `key`; empty when it is.
std::string
check_value(const Key& key, std::string_view raw)
{
  const std::string_view v = unquote(trim(raw));
  switch (key.kind) {
  case Kind::text:
    if (v.empty()) {
      return "empty value; allowed: a host name or address";
    }
    return {};
  case Kind::number: {
    double d = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (v.empty() || ec != std::errc{} || ptr != v.data() + v.size() || !std::isfinite(d) || d < key.min ||
        d > key.max) {
      return fmt::format("'{}' is not allowed; allowed: a number {}-{}", escape_for_terminal(v), key.min, key.max);
    }
    return {};
  }
  case Kind::choice: {
    std::string_view rest = key.choices;
    while (!rest.empty()) {
      const auto bar = rest.find('|');
      if (rest.substr(0, bar) == v) {
        return {};
      }
      rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    }
    return fmt::format("'{}' is not allowed; allowed: {}", escape_for_terminal(v), key.choices);
  }
  case Kind::dns: {
    std::string_view list = v;
    if (list.size() >= 2 && list.front() == '[' && list.back() == ']') {
      list = list.substr(1, list.size() - 2);
    }
    while (!list.empty()) {
      const auto comma = list.find(',');
      const std::string_view item = unquote(trim(list.substr(0, comma)));
      if (auto s = dns::parse_server_address(item); !s) {
        return s.error().message;
      }
      list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    return {};
  }
  }
  return {};
}

} // namespace

std::optional<std::string>
phone_file_argument(const std::vector<std::string>& argv)
{
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "--phone" && i + 1 < argv.size()) {
      return argv[i + 1];
    }
    if (argv[i].starts_with("--phone=")) {
      return argv[i].substr(8);
    }
  }
  return std::nullopt;
}

Result<void>
validate_phone_text(std::string_view text, std::string_view file_name)
{
  const std::string file = escape_for_terminal(file_name);
  std::size_t pos = 0;
  std::size_t line_no = 0;
  while (pos < text.size()) {
    ++line_no;
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    const auto where = [&](const std::string& what) {
      return fail(Errc::usage, fmt::format("{}:{}: {}", file, line_no, what));
    };
    if (line_no > limits::k_max_file_lines) {
      return where(fmt::format("more than {} lines", limits::k_max_file_lines));
    }
    if (line.empty() || line.front() == '#' || line.front() == ';') {
      continue;
    }
    if (line.front() == '[') {
      if (line != "[default]") {
        return where(fmt::format("section '{}' is not allowed; allowed: keys at the top or under [default]",
                                 escape_for_terminal(line)));
      }
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      return where(fmt::format("'{}' is not a setting; allowed: KEY = VALUE", escape_for_terminal(line)));
    }
    const std::string_view name = trim(line.substr(0, eq));
    const auto key = std::find_if(k_keys.begin(), k_keys.end(), [&](const Key& k) { return k.name == name; });
    if (key == k_keys.end()) {
      return where(fmt::format("unknown key '{}'; allowed: {}", escape_for_terminal(name), allowed_keys()));
    }
    if (const std::string why = check_value(*key, line.substr(eq + 1)); !why.empty()) {
      return where(fmt::format("{}: {}", key->name, why));
    }
  }
  return {};
}

Result<void>
validate_phone_file(const std::string& path)
{
  auto text = read_bounded(path, limits::k_max_phone_file, "--phone");
  if (!text) {
    return std::unexpected(text.error());
  }
  return validate_phone_text(*text, path);
}

} // namespace sipsurv::cli
