#include "core/probe/probe_plan.hpp"

#include "core/dns/address_chase.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::probe {
namespace {

ProbeSpec
base_spec(const PlanChoice& choice, Transport transport)
{
  ProbeSpec s;
  s.transport = transport;
  s.sni = choice.sni;
  s.max_forwards = choice.max_forwards;
  return s;
}

void
add_target(std::vector<ProbeSpec>& out, ProbeSpec spec, const dns::HostAddresses* host)
{
  if (host == nullptr || host->addresses.empty()) {
    // No address from the site's DNS: the probe reports why, and nothing
    // looks the name up again (another lookup could take records the site
    // resolution rightly refused).
    spec.unresolved = host == nullptr ? std::string("not resolved") : dns::no_address_reason(*host);
    out.push_back(std::move(spec));
    return;
  }
  // The A and AAAA questions ran concurrently: the slower one is the phase.
  const auto elapsed = std::max(host->a.elapsed, host->aaaa.elapsed);
  spec.dns_ms = static_cast<double>(elapsed.count()) / 1000.0;
  for (const auto& a : host->addresses) {
    ProbeSpec s = spec;
    s.address = a.address;
    out.push_back(std::move(s));
  }
}

} // namespace

std::vector<Transport>
all_transports()
{
  return {Transport::tls, Transport::tcp, Transport::udp};
}

std::vector<ProbeSpec>
plan_from_site(const dns::SiteDns& site, const PlanChoice& choice)
{
  std::vector<ProbeSpec> out;
  const std::string& domain = site.plan.domain;
  if (!site.plan.use_srv) {
    const dns::HostAddresses* host = site.hosts.empty() ? nullptr : &site.hosts.front();
    for (const Transport t : choice.transports) {
      ProbeSpec s = base_spec(choice, t);
      s.target = site.plan.direct_host;
      s.port = site.plan.direct_port != 0 ? site.plan.direct_port : default_sip_port(t);
      s.sip_domain = domain.empty() ? site.plan.direct_host : domain;
      add_target(out, std::move(s), host);
    }
    return out;
  }
  for (const Transport t : choice.transports) {
    const dns::SrvSet* set = nullptr;
    for (const auto& candidate : site.srv_sets) {
      if (candidate.name.transport == t) {
        set = &candidate;
      }
    }
    if (set == nullptr) {
      continue;
    }
    if (set->name.used_by_phone) {
      // The phone's list: priority groups in order, as resolve shows them.
      for (const auto& server : site.servers) {
        ProbeSpec s = base_spec(choice, t);
        s.target = server.target;
        s.port = server.port;
        s.sip_domain = domain;
        s.priority = server.priority;
        s.weight = server.weight;
        add_target(out, std::move(s), server.host);
      }
      continue;
    }
    std::vector<dns::SrvEntry> records = set->records;
    std::stable_sort(records.begin(), records.end(),
                     [](const dns::SrvEntry& a, const dns::SrvEntry& b) { return a.data.priority < b.data.priority; });
    for (const auto& r : records) {
      if (r.data.target == ".") {
        continue;
      }
      ProbeSpec s = base_spec(choice, t);
      s.target = r.data.target;
      s.port = r.data.port;
      s.sip_domain = domain;
      s.priority = r.data.priority;
      s.weight = r.data.weight;
      add_target(out, std::move(s), site.find_host(r.data.target));
    }
  }
  return out;
}

std::vector<ProbeSpec>
plan_from_targets(const std::vector<sip::TargetUri>& targets, const PlanChoice& choice, const std::string& sip_domain)
{
  std::vector<ProbeSpec> out;
  for (const auto& t : targets) {
    std::vector<Transport> transports = choice.transports;
    if (t.transport) {
      transports = {*t.transport};
    }
    for (const Transport tr : transports) {
      ProbeSpec s = base_spec(choice, tr);
      s.role = "target";
      s.target = t.host;
      s.port = t.port != 0 ? t.port : default_sip_port(tr);
      s.sip_domain = !sip_domain.empty() ? sip_domain : (t.ip_literal ? std::string{} : t.host);
      if (t.ip_literal) {
        s.address = t.host;
      }
      if (t.is_uri && !t.user.empty()) {
        s.request_uri = fmt::format("{}:{}@{}", tr == Transport::tls ? "sips" : "sip", t.user, t.host_port());
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

} // namespace sipsurv::probe
