#include "cli/phone_args.hpp"

#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace sipsurv::cli {
namespace {

Result<HostPort>
parse_host_port(const std::string& text, std::string_view option)
{
  HostPort hp;
  std::string host = text;
  std::string port;
  if (!text.empty() && text.front() == '[') { // [v6]:port
    const auto close = text.find(']');
    if (close == std::string::npos) {
      return fail(Errc::usage, fmt::format("{} '{}': missing ']'; allowed: HOST[:PORT]", option,
                                           escape_for_terminal(text)));
    }
    host = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') {
        return fail(Errc::usage, fmt::format("{} '{}': expected ':' after ']'", option, escape_for_terminal(text)));
      }
      port = text.substr(close + 2);
    }
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    host = text.substr(0, text.find(':'));
    port = text.substr(text.find(':') + 1);
  }
  if (host.empty()) {
    return fail(Errc::usage, fmt::format("{} '{}': empty host; allowed: HOST[:PORT]", option,
                                         escape_for_terminal(text)));
  }
  hp.host = host;
  if (!port.empty() || text.ends_with(":")) {
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || ptr != port.data() + port.size() || value == 0 || value > 65535) {
      return fail(Errc::usage, fmt::format("{} '{}': port must be 1-65535", option, escape_for_terminal(text)));
    }
    hp.port = static_cast<std::uint16_t>(value);
  }
  return hp;
}

} // namespace

Result<PhonePlan>
to_phone_plan(const PhoneArgs& args, const std::string& domain)
{
  auto settings = to_phone_settings(args, domain);
  if (!settings) {
    return std::unexpected(settings.error());
  }
  auto plan = dns::make_plan(*settings);
  if (!plan) {
    return std::unexpected(plan.error());
  }
  return PhonePlan{std::move(*settings), std::move(*plan)};
}

Result<std::vector<dns::ServerAddress>>
to_dns_servers(const std::vector<std::string>& values)
{
  std::vector<dns::ServerAddress> out;
  for (const auto& v : values) {
    auto s = dns::parse_server_address(v);
    if (!s) {
      return fail(Errc::usage, "--dns: " + s.error().message);
    }
    out.push_back(*s);
  }
  return out;
}

Result<PhoneSettings>
to_phone_settings(const PhoneArgs& a, const std::string& domain)
{
  PhoneSettings s;
  const std::string gateway = domain.empty() ? a.sip_gateway : domain;
  if (!gateway.empty()) {
    auto valid = dns::validate_domain(gateway);
    if (!valid) {
      return std::unexpected(valid.error());
    }
    s.sip_gateway = *valid;
  }
  s.sip_server = a.sip_server;
  if (a.sip_server_port) {
    s.sip_server_port = static_cast<std::uint16_t>(*a.sip_server_port);
  }
  s.registrar = a.registrar;
  s.outbound_proxy = a.outbound_proxy == "yes";
  if (a.transport == "all") {
    return fail(Errc::usage, "--transport all is only for probe; allowed here: tls, tcp, udp");
  }
  s.transport = parse_transport(a.transport).value_or(Transport::udp);
  auto servers = to_dns_servers(a.dns);
  if (!servers) {
    return std::unexpected(servers.error());
  }
  s.dns_servers = a.dns;
  s.connectivity_check = std::chrono::seconds(static_cast<long long>(a.connectivity_check));
  s.response_timer = std::chrono::milliseconds(a.response_timer);
  s.non_invite_timer = std::chrono::milliseconds(a.non_invite_timer);
  s.reg_backoff = std::chrono::seconds(a.reg_backoff);
  s.registration_expiry = std::chrono::seconds(a.registration_expiry);
  if (!a.backup_proxy.empty()) {
    auto hp = parse_host_port(a.backup_proxy, "--backup-proxy");
    if (!hp) {
      return std::unexpected(hp.error());
    }
    s.backup_proxy = *hp;
  }
  s.backup_transport = parse_transport(a.backup_transport).value_or(Transport::udp);
  s.backup_registration = a.backup_registration == "yes";
  s.survivability_proxy = a.survivability_proxy;
  return s;
}

std::vector<std::string>
non_default_settings(const PhoneSettings& s)
{
  const PhoneSettings d;
  std::vector<std::string> out;
  if (!s.sip_server.empty()) {
    out.push_back(fmt::format("--sip-server {}", s.sip_server));
  }
  if (s.sip_server_port) {
    out.push_back(fmt::format("--sip-server-port {}", *s.sip_server_port));
  }
  if (!s.registrar.empty()) {
    out.push_back(fmt::format("--registrar {}", s.registrar));
  }
  if (s.outbound_proxy != d.outbound_proxy) {
    out.push_back(fmt::format("--outbound-proxy {}", s.outbound_proxy ? "yes" : "no"));
  }
  if (s.transport != d.transport) {
    out.push_back(fmt::format("--transport {}", to_string(s.transport)));
  }
  for (const auto& dns : s.dns_servers) {
    out.push_back(fmt::format("--dns {}", dns));
  }
  if (s.connectivity_check != d.connectivity_check) {
    out.push_back(fmt::format("--connectivity-check {}", s.connectivity_check.count()));
  }
  if (s.response_timer != d.response_timer) {
    out.push_back(fmt::format("--response-timer {}", s.response_timer.count()));
  }
  if (s.non_invite_timer != d.non_invite_timer) {
    out.push_back(fmt::format("--non-invite-timer {}", s.non_invite_timer.count()));
  }
  if (s.reg_backoff != d.reg_backoff) {
    out.push_back(fmt::format("--reg-backoff {}", s.reg_backoff.count()));
  }
  if (s.registration_expiry != d.registration_expiry) {
    out.push_back(fmt::format("--registration-expiry {}", s.registration_expiry.count()));
  }
  if (s.backup_proxy) {
    out.push_back(fmt::format("--backup-proxy {}:{}", s.backup_proxy->host, effective_backup_port(*s.backup_proxy)));
  }
  if (s.backup_transport != d.backup_transport) {
    out.push_back(fmt::format("--backup-transport {}", to_string(s.backup_transport)));
  }
  if (s.backup_registration != d.backup_registration) {
    out.push_back(fmt::format("--backup-registration {}", s.backup_registration ? "yes" : "no"));
  }
  if (!s.survivability_proxy.empty()) {
    out.push_back(fmt::format("--survivability-proxy {}", s.survivability_proxy));
  }
  return out;
}

} // namespace sipsurv::cli
