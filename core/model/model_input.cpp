#include "core/model/model_input.hpp"

#include "core/dns/srv_order.hpp"
#include "core/util/ip_literal.hpp"

#include <fmt/format.h>

namespace sipsurv::model {

Millis
assumed_connect_ms(Transport t)
{
  switch (t) {
  case Transport::tls:
    return k_assumed_tls_connect_ms;
  case Transport::tcp:
    return k_assumed_tcp_connect_ms;
  case Transport::udp:
    return 0;
  }
  return 0;
}

std::vector<ServerInfo>
phone_order(std::vector<ServerInfo> servers, std::uint64_t seed)
{
  std::vector<dns::SrvData> srv;
  srv.reserve(servers.size());
  for (const auto& s : servers) {
    srv.push_back(dns::SrvData{s.priority, s.weight, s.port, s.target});
  }
  const auto order = dns::phone_order(srv, seed);
  std::vector<ServerInfo> out;
  out.reserve(order.size());
  for (std::size_t i : order) {
    out.push_back(servers[i]);
  }
  return out;
}

std::string
server_label(const ServerInfo& s)
{
  return fmt::format("{}:{}", s.target, s.port);
}

std::optional<std::size_t>
find_server(const std::vector<ServerInfo>& servers, std::string_view target)
{
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (dns::same_name(servers[i].target, target)) {
      return i;
    }
  }
  return std::nullopt;
}

ModelInput
make_model_input(const PhoneSettings& settings, const dns::SiteDns& site, std::uint64_t seed)
{
  ModelInput in;
  in.settings = settings;
  in.uses_srv = site.plan.use_srv;
  in.seed = seed;
  in.connect_ms = assumed_connect_ms(settings.transport);
  in.register_ms = k_assumed_register_ms;
  for (const dns::ServerEntry& e : site.servers) { // already in the phone's order
    ServerInfo s;
    s.target = e.target;
    s.port = e.port;
    s.priority = e.priority;
    s.weight = e.weight;
    s.has_address = e.host != nullptr && !e.host->addresses.empty();
    if (e.host != nullptr) {
      for (const auto& a : e.host->addresses) {
        s.addresses.push_back(a.address);
      }
    }
    s.is_survivability_proxy =
      !settings.survivability_proxy.empty() && dns::same_name(e.target, settings.survivability_proxy);
    in.servers.push_back(std::move(s));
  }
  in.list_ttl = site.plan.use_srv ? site.refetch_after.value_or(0) : 0;
  if (settings.backup_proxy) {
    ServerInfo b;
    b.target = settings.backup_proxy->host;
    b.port = effective_backup_port(*settings.backup_proxy);
    if (is_ip_literal(b.target)) {
      b.addresses.push_back(b.target);
    }
    in.backup = b;
  }
  return in;
}

} // namespace sipsurv::model
