#include "cli/phone_setting_table.hpp"

#include "cli/value_parse.hpp"
#include "core/dns/server_address.hpp"
#include "core/sip/sip_uri.hpp"
#include "core/util/escape.hpp"
#include "core/util/ip_literal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace sipsurv::cli {
namespace {

using Values = std::vector<std::string>;

std::vector<std::string>
split_bars(std::string_view s)
{
  std::vector<std::string> out;
  while (!s.empty()) {
    const auto bar = s.find('|');
    out.emplace_back(s.substr(0, bar));
    s = bar == std::string_view::npos ? std::string_view{} : s.substr(bar + 1);
  }
  return out;
}

// A host name or an IP address (an IPv6 one bare or in brackets), so a
// typo is a usage error here rather than a DNS failure later.
std::string
host_into(std::string& field, std::string_view text)
{
  std::string host(text);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (!is_ipv6_literal(host)) {
      return "not an IPv6 address in brackets; allowed: a host name or an IP address";
    }
    field = host;
    return {};
  }
  if (is_ip_literal(host)) {
    field = host;
    return {};
  }
  auto valid = dns::validate_domain(host);
  if (!valid) {
    return fmt::format("{}; allowed: a host name (letters, digits, '-', '_'; labels of 1-63 characters) or an IP "
                       "address",
                       dns::domain_problem(host).value_or("not a host name"));
  }
  field = *valid;
  return {};
}

std::string
seconds_into(std::chrono::seconds& field, std::string_view text, std::uint64_t min, std::uint64_t max)
{
  const auto parsed = parse_unsigned(text, min, max, "seconds");
  if (parsed.error.empty()) {
    field = std::chrono::seconds(static_cast<long long>(parsed.value));
  }
  return parsed.error;
}

std::string
millis_into(std::chrono::milliseconds& field, std::string_view text, std::uint64_t min, std::uint64_t max)
{
  const auto parsed = parse_unsigned(text, min, max, "ms");
  if (parsed.error.empty()) {
    field = std::chrono::milliseconds(static_cast<long long>(parsed.value));
  }
  return parsed.error;
}

std::string
yes_no_into(bool& field, std::string_view text)
{
  const auto v = parse_yes_no(text);
  if (!v) {
    return fmt::format("not allowed; allowed: {}", k_yes_no_allowed);
  }
  field = *v;
  return {};
}

std::string
transport_into(Transport& field, std::string_view text, std::string_view choices)
{
  const auto parsed = parse_choice(text, split_bars(choices));
  if (parsed.error.empty()) {
    field = parse_transport(parsed.value).value_or(Transport::udp);
  }
  return parsed.error;
}

Values
one(std::string v)
{
  return {std::move(v)};
}

Values
text_or_none(const std::string& v)
{
  return v.empty() ? Values{} : one(v);
}

Values
yes_no(bool v)
{
  return one(v ? "yes" : "no");
}

constexpr std::string_view k_transports = "tls|tcp|udp";
constexpr std::string_view k_backup_transports = "udp|tcp";

// PHONE-MODEL.md "Settings" has each one's meaning; ranges are the phone's.
const std::array k_rows{
  PhoneSettingRow{
    "dns", "ADDR[:PORT]", "DNS server the phone asks: primary, then secondary; default: the system resolver", "",
    "Primary DNS, Secondary DNS", "Network > General IP configuration", "primary-dns|secondary-dns", "", area_dns, true,
    [](PhoneSettings& s, const Values& v) {
      std::vector<std::string> servers;
      for (const auto& text : v) {
        auto parsed = dns::parse_server_address(text);
        if (!parsed) {
          return parsed.error().message;
        }
        servers.push_back(text);
      }
      s.dns_servers = std::move(servers);
      return std::string();
    },
    [](const PhoneSettings& s) { return s.dns_servers; }, "-d"},
  PhoneSettingRow{"sip-server", "HOST", "SIP server address (host or IP)", "", "SIP server address",
                  "System > Registration", "", "", area_dns, false,
                  [](PhoneSettings& s, const Values& v) { return host_into(s.sip_server, v.back()); },
                  [](const PhoneSettings& s) { return text_or_none(s.sip_server); }},
  PhoneSettingRow{
    "sip-server-port", "PORT",
    "SIP server port; 0 = find the servers by DNS SRV (the default when DOMAIN is given), else 5060 (5061 with TLS)",
    "", "SIP server port", "Network > Port configuration", "", "", area_dns, false,
    [](PhoneSettings& s, const Values& v) {
      const auto parsed = parse_unsigned(v.back(), 0, 65535, "");
      if (parsed.error.empty()) {
        s.sip_server_port = static_cast<std::uint16_t>(parsed.value);
      }
      return parsed.error;
    },
    [](const PhoneSettings& s) { return s.sip_server_port ? one(std::to_string(*s.sip_server_port)) : Values{}; }},
  PhoneSettingRow{"sip-gateway", "DOMAIN",
                  "SIP gateway address: the domain the SRV records are published for (DOMAIN wins over it)", "",
                  "SIP gateway address", "System > Registration", "", "", area_dns, false,
                  [](PhoneSettings& s, const Values& v) {
                    auto valid = dns::validate_domain(v.back());
                    if (!valid) {
                      return fmt::format("{}; allowed: a DNS name such as example.com (letters, digits, '-', '_'; "
                                         "labels of 1-63 characters)",
                                         dns::domain_problem(v.back()).value_or("not a domain name"));
                    }
                    s.sip_gateway = *valid;
                    return std::string();
                  },
                  [](const PhoneSettings& s) { return text_or_none(s.sip_gateway); }},
  PhoneSettingRow{"transport", "TRANSPORT", "SIP transport of the phone", "udp", "SIP transport",
                  "System > SIP interface", "", k_transports, area_dns, false,
                  [](PhoneSettings& s, const Values& v) { return transport_into(s.transport, v.back(), k_transports); },
                  [](const PhoneSettings& s) { return one(std::string(to_string(s.transport))); }, "-t"},
  PhoneSettingRow{"registrar", "HOST", "SIP registrar address", "", "SIP registrar address", "System > Registration",
                  "", "", area_model, false,
                  [](PhoneSettings& s, const Values& v) { return host_into(s.registrar, v.back()); },
                  [](const PhoneSettings& s) { return text_or_none(s.registrar); }},
  PhoneSettingRow{"outbound-proxy", "yes|no",
                  "Outbound proxy flag: on, the phone sends its requests through the servers of the SRV list", "yes",
                  "Outbound proxy", "System > SIP interface", "", "yes|no", area_model, false,
                  [](PhoneSettings& s, const Values& v) { return yes_no_into(s.outbound_proxy, v.back()); },
                  [](const PhoneSettings& s) { return yes_no(s.outbound_proxy); }},
  PhoneSettingRow{
    "connectivity-check", "SECONDS", "TLS connectivity check interval; 0 = off", "0", "Connectivity check timer",
    "System > SIP interface", "", "", area_model, false,
    [](PhoneSettings& s, const Values& v) { return seconds_into(s.connectivity_check, v.back(), 0, 86400); },
    [](const PhoneSettings& s) { return one(std::to_string(s.connectivity_check.count())); }},
  PhoneSettingRow{
    "response-timer", "MS", "Call (INVITE) transaction response timer; 3700 is recommended for OpenScape Voice",
    "32000", "Call transaction response timer", "System > SIP interface", "", "", area_model, false,
    [](PhoneSettings& s, const Values& v) { return millis_into(s.response_timer, v.back(), 100, 600000); },
    [](const PhoneSettings& s) { return one(std::to_string(s.response_timer.count())); }},
  PhoneSettingRow{
    "non-invite-timer", "MS", "Non-call (non-INVITE) transaction timer; 6000 is recommended for OpenScape Voice",
    "32000", "Non-call transaction timer", "System > SIP interface", "non-invite-transaction-timer", "", area_model,
    false, [](PhoneSettings& s, const Values& v) { return millis_into(s.non_invite_timer, v.back(), 100, 600000); },
    [](const PhoneSettings& s) { return one(std::to_string(s.non_invite_timer.count())); }},
  PhoneSettingRow{"reg-backoff", "SECONDS", "Maximum registration backoff: the random wait after a REGISTER timeout",
                  "60", "Reg. backoff", "System > SIP interface", "maximum-registration-backoff-timer", "", area_model,
                  false,
                  [](PhoneSettings& s, const Values& v) { return seconds_into(s.reg_backoff, v.back(), 0, 86400); },
                  [](const PhoneSettings& s) { return one(std::to_string(s.reg_backoff.count())); }},
  PhoneSettingRow{
    "registration-expiry", "SECONDS", "Registration timer (expiry)", "3600", "Registration timer",
    "System > Registration", "", "", area_model, false,
    [](PhoneSettings& s, const Values& v) { return seconds_into(s.registration_expiry, v.back(), 1, 604800); },
    [](const PhoneSettings& s) { return one(std::to_string(s.registration_expiry.count())); }},
  PhoneSettingRow{"backup-proxy", "HOST[:PORT]", "Backup SIP server (port default 5060)", "", "Backup proxy address",
                  "System > Registration", "", "", area_model, false,
                  [](PhoneSettings& s, const Values& v) {
                    auto t = sip::parse_target(v.back());
                    if (!t) {
                      return t.error().message;
                    }
                    if (t->is_uri) {
                      return std::string("a URI; allowed: HOST[:PORT] or [IPV6][:PORT] (the transport is "
                                         "--backup-transport)");
                    }
                    s.backup_proxy = HostPort{t->host, t->port};
                    return std::string();
                  },
                  [](const PhoneSettings& s) {
                    if (!s.backup_proxy) {
                      return Values{};
                    }
                    const std::string host =
                      is_ipv6_literal(s.backup_proxy->host) ? "[" + s.backup_proxy->host + "]" : s.backup_proxy->host;
                    return one(fmt::format("{}:{}", host, effective_backup_port(*s.backup_proxy)));
                  }},
  PhoneSettingRow{
    "backup-transport", "TRANSPORT", "Transport to the backup server (no TLS: the phone has none there)", "udp",
    "Backup transport", "System > Registration", "", k_backup_transports, area_model, false,
    [](PhoneSettings& s, const Values& v) { return transport_into(s.backup_transport, v.back(), k_backup_transports); },
    [](const PhoneSettings& s) { return one(std::string(to_string(s.backup_transport))); }},
  PhoneSettingRow{"backup-registration", "yes|no", "Register with the backup server too", "yes",
                  "Backup registration allowed", "System > Registration", "", "yes|no", area_model, false,
                  [](PhoneSettings& s, const Values& v) { return yes_no_into(s.backup_registration, v.back()); },
                  [](const PhoneSettings& s) { return yes_no(s.backup_registration); }},
  PhoneSettingRow{"survivability-proxy", "HOST", "SRV target that is the survivability proxy (branch gateway)", "", "",
                  "", "", "", area_model, false,
                  [](PhoneSettings& s, const Values& v) { return host_into(s.survivability_proxy, v.back()); },
                  [](const PhoneSettings& s) { return text_or_none(s.survivability_proxy); }},
};

} // namespace

std::span<const PhoneSettingRow>
phone_setting_table()
{
  return k_rows;
}

std::string
setting_key(std::string_view key)
{
  if (key.starts_with("--")) {
    key.remove_prefix(2);
  }
  std::string out;
  bool dash = false;
  for (const char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      if (dash && !out.empty()) {
        out += '-';
      }
      dash = false;
      out += static_cast<char>(std::tolower(u));
    } else {
      dash = true;
    }
  }
  return out;
}

const PhoneSettingRow*
find_phone_setting(std::string_view key)
{
  const std::string wanted = setting_key(key);
  if (wanted.empty()) {
    return nullptr;
  }
  for (const auto& row : k_rows) {
    if (setting_key(row.name) == wanted) {
      return &row;
    }
    // Web labels are ", "-separated where one option has two of them.
    for (const auto& label : split_bars(row.web_label)) {
      std::string_view rest = label;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        if (setting_key(rest.substr(0, comma)) == wanted) {
          return &row;
        }
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
    }
    for (const auto& alias : split_bars(row.aliases)) {
      if (setting_key(alias) == wanted) {
        return &row;
      }
    }
  }
  return nullptr;
}

std::vector<std::string>
setting_choices(const PhoneSettingRow& row)
{
  return split_bars(row.choices);
}

std::vector<std::string>
non_default_settings(const PhoneSettings& s)
{
  const PhoneSettings defaults;
  std::vector<std::string> out;
  for (const auto& row : k_rows) {
    const auto now = row.show(s);
    if (now == row.show(defaults)) {
      continue;
    }
    for (const auto& v : now) {
      out.push_back(fmt::format("--{} {}", row.name, v));
    }
    if (now.empty()) { // unset where the default is set: say so rather than stay silent
      out.push_back(fmt::format("--{} (unset)", row.name));
    }
  }
  return out;
}

OptionDoc
setting_option_doc(const PhoneSettingRow& row)
{
  OptionDoc d;
  d.name = fmt::format("--{}", row.name);
  d.value_name = std::string(row.value_name);
  d.help = std::string(row.help);
  d.default_value = std::string(row.default_text);
  d.choices = setting_choices(row);
  d.repeatable = row.repeatable;
  d.group = OptionDoc::k_phone_group;
  d.short_name = std::string(row.short_name);
  return d;
}

SettingDoc
setting_doc(const PhoneSettingRow& row, std::vector<std::string> commands)
{
  SettingDoc d;
  d.option = setting_option_doc(row);
  d.web_label = std::string(row.web_label);
  d.web_path = std::string(row.web_path);
  d.commands = std::move(commands);
  return d;
}

} // namespace sipsurv::cli
