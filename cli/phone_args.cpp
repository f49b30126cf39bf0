#include "cli/phone_args.hpp"

#include "core/dns/server_address.hpp"
#include "core/sip/sip_uri.hpp"
#include "core/util/escape.hpp"
#include "core/util/ip_literal.hpp"

#include <fmt/format.h>

#include <tuple>

namespace sipsurv::cli {
namespace {

// --sip-server, --registrar, --survivability-proxy: a host name or an IP
// address (an IPv6 one bare or in brackets), so a typo is a usage error here
// rather than a DNS failure or a silently ignored setting later.
Result<std::string>
validate_host(const std::string& text, std::string_view option)
{
  std::string host = text;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (!is_ipv6_literal(host)) {
      return fail(Errc::usage,
                  fmt::format("{} '{}': not an IPv6 address in brackets; allowed: a host name or an IP "
                              "address",
                              option, escape_for_terminal(text)));
    }
    return host;
  }
  if (is_ip_literal(host)) {
    return host;
  }
  auto valid = dns::validate_domain(host);
  if (!valid) { // worded for the option: the reason alone, then what it takes
    return fail(Errc::usage,
                fmt::format("{} '{}': {}; allowed: a host name (letters, digits, '-', '_'; labels of "
                            "1-63 characters) or an IP address",
                            option, escape_for_terminal(text), dns::domain_problem(host).value_or("not a host name")));
  }
  return *valid;
}

// --backup-proxy HOST[:PORT] or [IPV6][:PORT], parsed as a probe target is.
Result<HostPort>
parse_backup_proxy(const std::string& text)
{
  auto t = sip::parse_target(text);
  if (!t) {
    return fail(Errc::usage, "--backup-proxy: " + t.error().message);
  }
  if (t->is_uri) {
    return fail(Errc::usage,
                fmt::format("--backup-proxy '{}': a URI; allowed: HOST[:PORT] or [IPV6][:PORT] "
                            "(the transport is --backup-transport)",
                            escape_for_terminal(text)));
  }
  return HostPort{t->host, t->port};
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
  for (const auto& [value, option, field] :
       {std::tuple{&a.sip_server, "--sip-server", &s.sip_server}, std::tuple{&a.registrar, "--registrar", &s.registrar},
        std::tuple{&a.survivability_proxy, "--survivability-proxy", &s.survivability_proxy}}) {
    if (value->empty()) {
      continue;
    }
    auto host = validate_host(*value, option);
    if (!host) {
      return std::unexpected(host.error());
    }
    *field = *host;
  }
  if (a.sip_server_port) {
    s.sip_server_port = static_cast<std::uint16_t>(*a.sip_server_port);
  }
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
    auto hp = parse_backup_proxy(a.backup_proxy);
    if (!hp) {
      return std::unexpected(hp.error());
    }
    s.backup_proxy = *hp;
  }
  s.backup_transport = parse_transport(a.backup_transport).value_or(Transport::udp);
  s.backup_registration = a.backup_registration == "yes";
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
