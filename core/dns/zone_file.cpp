#include "core/dns/zone_file.hpp"

#include "core/util/escape.hpp"
#include "core/util/ip_literal.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>

namespace sipsurv::dns {
namespace {

constexpr std::string_view k_allowed_types = "A, AAAA, CNAME, SRV, NAPTR (SOA, NS, TXT, MX, PTR, CAA are ignored)";
constexpr std::array<std::string_view, 6> k_ignored_types{"SOA", "NS", "TXT", "MX", "PTR", "CAA"};

struct Token {
  std::string text;
  bool quoted = false;
};

// One record or directive, possibly spread over several lines.
struct Entry {
  std::vector<Token> tokens;
  bool blank_owner = false; // the first line started with white space
  std::size_t line = 0;
};

std::string
upper(std::string_view s)
{
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

class ZoneParser
{
public:
  ZoneParser(std::string_view text, std::string_view file_name, std::string_view origin)
      : m_text(text), m_file(escape_for_terminal(file_name)), m_origin(normalize_name(origin))
  {}

  Result<std::vector<Record>> run()
  {
    std::size_t pos = 0;
    std::size_t line_no = 0;
    Entry entry;
    int depth = 0;
    while (pos < m_text.size()) {
      ++line_no;
      auto end = m_text.find('\n', pos);
      if (end == std::string_view::npos) {
        end = m_text.size();
      }
      std::string_view line = m_text.substr(pos, end - pos);
      pos = end + 1;
      if (line_no > limits::k_max_file_lines) {
        return error(line_no, fmt::format("more than {} lines", limits::k_max_file_lines));
      }
      if (line.size() > k_max_zone_line) {
        return error(line_no, fmt::format("line longer than {} characters", k_max_zone_line));
      }
      if (depth == 0) {
        entry = Entry{};
        entry.line = line_no;
        entry.blank_owner = !line.empty() && (line.front() == ' ' || line.front() == '\t');
      }
      if (auto r = tokenize(line, line_no, entry, depth); !r) {
        return std::unexpected(r.error());
      }
      if (depth == 0 && !entry.tokens.empty()) {
        if (auto r = process(entry); !r) {
          return std::unexpected(r.error());
        }
      }
    }
    if (depth != 0) {
      return error(entry.line, "'(' is never closed; allowed: a record spread over lines inside ( )");
    }
    return std::move(m_records);
  }

private:
  std::unexpected<Error> error(std::size_t line, const std::string& what) const
  {
    return fail(Errc::usage, fmt::format("{}:{}: {}", m_file, line, what));
  }

  Result<void> tokenize(std::string_view line, std::size_t line_no, Entry& entry, int& depth)
  {
    std::size_t i = 0;
    while (i < line.size()) {
      const char c = line[i];
      if (c == ';') {
        break;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
        continue;
      }
      if (c == '(') {
        if (++depth > 1) {
          return error(line_no, "nested '('; allowed: one level of ( )");
        }
        ++i;
        continue;
      }
      if (c == ')') {
        if (--depth < 0) {
          return error(line_no, "')' without '('");
        }
        ++i;
        continue;
      }
      if (c == '"') {
        const auto close = line.find('"', i + 1);
        if (close == std::string_view::npos) {
          return error(line_no, "unterminated quoted string");
        }
        entry.tokens.push_back(Token{std::string(line.substr(i + 1, close - i - 1)), true});
        i = close + 1;
        continue;
      }
      const std::size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != ';' &&
             line[i] != '(' && line[i] != ')' && line[i] != '"') {
        ++i;
      }
      entry.tokens.push_back(Token{std::string(line.substr(start, i - start)), false});
    }
    return {};
  }

  Result<std::string> name(std::string_view text, std::size_t line) const
  {
    if (text == "@") {
      if (m_origin.empty()) {
        return error(line, "'@' used before $ORIGIN; allowed: set $ORIGIN first or use absolute names");
      }
      return m_origin;
    }
    if (text.empty() || text.size() > limits::k_max_domain_length + 1) {
      return error(line, fmt::format("bad name '{}'", escape_for_terminal(text)));
    }
    for (char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (std::isalnum(u) == 0 && c != '-' && c != '_' && c != '.' && c != '*') {
        return error(line,
                     fmt::format("bad character in name '{}'; allowed: letters, digits, '-', '_', '.'",
                                 escape_for_terminal(text)));
      }
    }
    if (text.back() == '.') {
      return normalize_name(text);
    }
    if (m_origin.empty()) {
      return error(line,
                   fmt::format("relative name '{}' before $ORIGIN; allowed: a name ending in '.' or set "
                               "$ORIGIN first",
                               escape_for_terminal(text)));
    }
    return normalize_name(std::string(text) + "." + m_origin);
  }

  static std::optional<std::uint32_t> ttl_value(std::string_view text)
  {
    // 3600, or BIND style 1h30m, 2d, 1w.
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text.front()))) {
      return std::nullopt;
    }
    std::uint64_t total = 0;
    std::uint64_t part = 0;
    bool digits = false;
    for (char c : text) {
      if (c >= '0' && c <= '9') {
        part = part * 10 + static_cast<std::uint64_t>(c - '0');
        digits = true;
        if (part > 0xFFFFFFFFULL) {
          return std::nullopt;
        }
        continue;
      }
      std::uint64_t unit = 0;
      switch (std::tolower(static_cast<unsigned char>(c))) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      case 'w':
        unit = 604800;
        break;
      default:
        return std::nullopt;
      }
      if (!digits) {
        return std::nullopt;
      }
      total += part * unit;
      part = 0;
      digits = false;
    }
    total += part;
    if (total > 0x7FFFFFFFULL) {
      return std::nullopt;
    }
    return static_cast<std::uint32_t>(total);
  }

  Result<std::uint16_t> u16(const Token& t, std::string_view what, std::size_t line) const
  {
    unsigned v = 0;
    const auto [ptr, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
    if (ec != std::errc{} || ptr != t.text.data() + t.text.size() || v > 65535) {
      return error(line, fmt::format("{} '{}' is not a number 0-65535", what, escape_for_terminal(t.text)));
    }
    return static_cast<std::uint16_t>(v);
  }

  Result<void> process(const Entry& e)
  {
    const auto& t = e.tokens;
    const std::size_t line = e.line;
    if (!e.blank_owner && t[0].text.starts_with("$")) {
      const std::string directive = upper(t[0].text);
      if (directive == "$ORIGIN") {
        if (t.size() != 2) {
          return error(line, "$ORIGIN takes one name");
        }
        if (!t[1].text.ends_with(".")) {
          return error(line, "$ORIGIN must be an absolute name ending in '.'");
        }
        auto n = name(t[1].text, line);
        if (!n) {
          return std::unexpected(n.error());
        }
        m_origin = *n;
        return {};
      }
      if (directive == "$TTL") {
        const std::optional<std::uint32_t> v = t.size() == 2 ? ttl_value(t[1].text) : std::nullopt;
        if (!v) {
          return error(line, "$TTL takes one TTL; allowed: seconds or units like 1h, 30m");
        }
        m_default_ttl = *v;
        return {};
      }
      return error(line, fmt::format("unknown directive '{}'; allowed: $ORIGIN, $TTL", escape_for_terminal(t[0].text)));
    }
    std::size_t k = 0;
    std::string owner;
    if (e.blank_owner) {
      if (m_last_owner.empty()) {
        return error(line, "no owner name and no previous record to take it from");
      }
      owner = m_last_owner;
    } else {
      auto n = name(t[0].text, line);
      if (!n) {
        return std::unexpected(n.error());
      }
      owner = *n;
      k = 1;
    }
    m_last_owner = owner;
    std::optional<std::uint32_t> ttl;
    for (int field = 0; field < 2 && k < t.size(); ++field) {
      if (auto v = ttl_value(t[k].text); v && !ttl) {
        ttl = v;
        ++k;
      } else if (upper(t[k].text) == "IN") {
        ++k;
      } else if (upper(t[k].text) == "CH" || upper(t[k].text) == "HS") {
        return error(line, "class must be IN");
      }
    }
    if (k >= t.size()) {
      return error(line, fmt::format("missing record type; allowed: {}", k_allowed_types));
    }
    const std::string type = upper(t[k].text);
    ++k;
    const std::size_t fields = t.size() - k;
    Record rec;
    rec.name = owner;
    rec.ttl = ttl.value_or(m_default_ttl);
    const auto want = [&](std::size_t n, std::string_view form) -> Result<void> {
      if (fields != n) {
        return error(line, fmt::format("{} takes {} fields: {}", type, n, form));
      }
      return {};
    };
    if (type == "A" || type == "AAAA") {
      if (auto r = want(1, "ADDRESS"); !r) {
        return r;
      }
      const bool v4 = type == "A";
      if (!(v4 ? is_ipv4_literal(t[k].text) : is_ipv6_literal(t[k].text))) {
        return error(line, fmt::format("bad {} address '{}'", type, escape_for_terminal(t[k].text)));
      }
      rec.type = v4 ? rr::a : rr::aaaa;
      rec.data = AddressData{t[k].text};
    } else if (type == "CNAME") {
      if (auto r = want(1, "TARGET"); !r) {
        return r;
      }
      auto target = name(t[k].text, line);
      if (!target) {
        return std::unexpected(target.error());
      }
      rec.type = rr::cname;
      rec.data = CnameData{*target};
    } else if (type == "SRV") {
      if (auto r = want(4, "PRIORITY WEIGHT PORT TARGET"); !r) {
        return r;
      }
      SrvData d;
      auto p = u16(t[k], "SRV priority", line);
      auto w = u16(t[k + 1], "SRV weight", line);
      auto port = u16(t[k + 2], "SRV port", line);
      for (const auto* r : {&p, &w, &port}) {
        if (!*r) {
          return std::unexpected(r->error());
        }
      }
      d.priority = *p;
      d.weight = *w;
      d.port = *port;
      if (t[k + 3].text == ".") {
        d.target = ".";
      } else {
        auto target = name(t[k + 3].text, line);
        if (!target) {
          return std::unexpected(target.error());
        }
        d.target = *target;
      }
      rec.type = rr::srv;
      rec.data = d;
    } else if (type == "NAPTR") {
      if (auto r = want(6, "ORDER PREFERENCE \"FLAGS\" \"SERVICE\" \"REGEXP\" REPLACEMENT"); !r) {
        return r;
      }
      NaptrData d;
      auto o = u16(t[k], "NAPTR order", line);
      auto p = u16(t[k + 1], "NAPTR preference", line);
      for (const auto* r : {&o, &p}) {
        if (!*r) {
          return std::unexpected(r->error());
        }
      }
      d.order = *o;
      d.preference = *p;
      d.flags = t[k + 2].text;
      d.service = t[k + 3].text;
      d.regexp = t[k + 4].text;
      if (t[k + 5].text == ".") {
        d.replacement = ".";
      } else {
        auto repl = name(t[k + 5].text, line);
        if (!repl) {
          return std::unexpected(repl.error());
        }
        d.replacement = *repl;
      }
      rec.type = rr::naptr;
      rec.data = d;
    } else if (std::find(k_ignored_types.begin(), k_ignored_types.end(), type) != k_ignored_types.end()) {
      return {};
    } else {
      return error(line,
                   fmt::format("record type '{}' not supported; allowed: {}", escape_for_terminal(t[k - 1].text),
                               k_allowed_types));
    }
    if (m_records.size() >= k_max_zone_records) {
      return error(line, fmt::format("more than {} records", k_max_zone_records));
    }
    m_records.push_back(std::move(rec));
    return {};
  }

  std::string_view m_text;
  std::string m_file;
  std::string m_origin;
  std::string m_last_owner;
  std::uint32_t m_default_ttl = 3600;
  std::vector<Record> m_records;
};

} // namespace

Result<std::vector<Record>>
parse_zone(std::string_view text, std::string_view file_name, std::string_view origin)
{
  return ZoneParser(text, file_name, origin).run();
}

ZoneResolver::ZoneResolver(std::vector<Record> records, std::string file_name)
    : m_records(std::move(records)), m_file_name(std::move(file_name))
{}

Message
ZoneResolver::answer(const Question& q) const
{
  Message m;
  m.authoritative = true;
  std::string current = normalize_name(q.name);
  for (std::size_t hop = 0; hop <= limits::k_max_cname_chain; ++hop) {
    bool exists = false;
    const Record* alias = nullptr;
    for (const auto& r : m_records) {
      if (!same_name(r.name, current)) {
        continue;
      }
      exists = true;
      if (r.type == q.type) {
        m.answers.push_back(r);
      } else if (r.type == rr::cname) {
        alias = &r;
      }
    }
    if (!m.answers.empty() && m.answers.back().type == q.type && same_name(m.answers.back().name, current)) {
      return m;
    }
    if (alias == nullptr) {
      if (!exists && hop == 0) {
        m.rcode = static_cast<unsigned>(Rcode::nxdomain);
      }
      return m;
    }
    m.answers.push_back(*alias);
    current = std::get<CnameData>(alias->data).target;
  }
  return m;
}

std::vector<Reply>
ZoneResolver::lookup(std::span<const Question> questions, net::TimePoint /*deadline: answers are at hand*/)
{
  std::vector<Reply> out;
  out.reserve(questions.size());
  for (const auto& q : questions) {
    out.push_back(Reply{answer(q), std::chrono::microseconds(0), {}});
  }
  return out;
}

std::string
ZoneResolver::describe() const
{
  return "zone file " + m_file_name;
}

} // namespace sipsurv::dns
