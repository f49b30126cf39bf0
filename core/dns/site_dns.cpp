#include "core/dns/site_dns.hpp"

#include "core/dns/address_chase.hpp"
#include "core/dns/srv_order.hpp"
#include "core/util/ip_literal.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::dns {

// Defined in dns_findings.cpp.
std::vector<report::Finding> derive_dns_findings(const SiteDns& site);

namespace {

const Message*
message_of(const Reply& r)
{
  return r.outcome ? &*r.outcome : nullptr;
}

// A/AAAA of every host at once, round by round: each host's AddressChase
// says what to ask next (CNAME targets the server did not resolve), so the
// rounds are bounded by the CNAME chain limit.
void
resolve_hosts(std::vector<HostAddresses>& hosts, Resolver& resolver, net::TimePoint deadline)
{
  std::vector<AddressChase> chases;
  chases.reserve(hosts.size());
  for (const auto& h : hosts) {
    chases.emplace_back(h.host);
  }
  for (std::size_t round = 0; round <= limits::k_max_cname_chain + 1; ++round) {
    std::vector<Question> questions;
    for (const auto& c : chases) {
      questions.insert(questions.end(), c.questions().begin(), c.questions().end());
    }
    if (questions.empty()) {
      break;
    }
    const auto replies = resolver.lookup(questions, deadline);
    std::size_t at = 0;
    for (auto& c : chases) {
      const std::size_t n = c.questions().size();
      if (n > 0) {
        c.absorb(std::span<const Reply>(replies).subspan(at, n));
        at += n;
      }
    }
  }
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    hosts[i] = chases[i].result();
  }
}

HostAddresses&
host_slot(std::vector<HostAddresses>& hosts, const std::string& name)
{
  for (auto& h : hosts) {
    if (same_name(h.host, name)) {
      return h;
    }
  }
  hosts.push_back(HostAddresses{name, {}, {}, {}, {}, false});
  return hosts.back();
}

// The records of an answer to `q`, as comparable canonical strings: the
// servers agree when these are equal (their order and TTLs aside).
std::vector<std::string>
answer_of(const Reply& reply, const Question& q)
{
  std::vector<std::string> out;
  const Message* m = message_of(reply);
  if (m == nullptr || m->rcode != 0) {
    return out;
  }
  for (const auto& r : m->answers) {
    if (r.type != q.type || !same_name(r.name, q.name)) {
      continue;
    }
    if (const auto* srv = std::get_if<SrvData>(&r.data)) {
      out.push_back(fmt::format("{} {} {} {}", srv->priority, srv->weight, srv->port, normalize_name(srv->target)));
    } else if (const auto* a = std::get_if<AddressData>(&r.data)) {
      out.push_back(a->address);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Each configured DNS server asked the phone's first question on its own.
std::vector<DnsServerCheck>
check_servers(const ResolvePlan& plan, Resolver& resolver, net::TimePoint deadline)
{
  Question q = plan.use_srv ? Question{plan.srv_names.front().name, rr::srv} : Question{plan.direct_host, rr::a};
  std::vector<DnsServerCheck> out;
  if (!plan.use_srv && is_ip_literal(plan.direct_host)) {
    return out; // nothing the phone would ask
  }
  const auto replies = resolver.ask_each_server(q, deadline);
  for (std::size_t i = 0; i < replies.size(); ++i) {
    DnsServerCheck c;
    c.server = replies[i].server;
    c.index = i;
    c.question = q;
    c.lookup = classify_reply(replies[i].reply, q.type, q.name);
    c.answer = answer_of(replies[i].reply, q);
    out.push_back(std::move(c));
  }
  return out;
}

} // namespace

std::string
server_role(std::size_t index)
{
  switch (index) {
  case 0:
    return "primary";
  case 1:
    return "secondary";
  default:
    return fmt::format("DNS server {}", index + 1);
  }
}

std::string
srv_name_for(Transport transport, std::string_view domain)
{
  switch (transport) {
  case Transport::tls:
    return fmt::format("_sips._tcp.{}", domain);
  case Transport::tcp:
    return fmt::format("_sip._tcp.{}", domain);
  case Transport::udp:
    break;
  }
  return fmt::format("_sip._udp.{}", domain);
}

std::string_view
to_string(LookupStatus s)
{
  switch (s) {
  case LookupStatus::found:
    return "found";
  case LookupStatus::nodata:
    return "nodata";
  case LookupStatus::nxdomain:
    return "nxdomain";
  case LookupStatus::server_failure:
    return "server-failure";
  case LookupStatus::no_answer:
    return "no-answer";
  case LookupStatus::malformed:
    return "malformed";
  }
  return "no-answer";
}

Result<ResolvePlan>
make_plan(const PhoneSettings& settings)
{
  ResolvePlan plan;
  plan.domain = settings.sip_gateway;
  plan.transport = settings.transport;
  const std::uint16_t port = effective_sip_server_port(settings);
  plan.use_srv = port == 0;
  if (plan.use_srv) {
    if (plan.domain.empty()) {
      return fail(Errc::usage,
                  "SIP server port 0 (DNS SRV) needs a SIP gateway domain; give DOMAIN or "
                  "--sip-gateway");
    }
    const std::string& d = plan.domain;
    std::vector<SrvName> names{
      {srv_name_for(Transport::tls, d), SrvKind::sips_tcp, Transport::tls, false},
      {srv_name_for(Transport::tcp, d), SrvKind::sip_tcp, Transport::tcp, false},
      {srv_name_for(Transport::udp, d), SrvKind::sip_udp, Transport::udp, false},
      {fmt::format("_sip._tls.{}", d), SrvKind::sip_tls_legacy, std::nullopt, false},
    };
    // The phone's own name first, the others in RFC 3263 preference order.
    std::stable_partition(names.begin(), names.end(), [&](const SrvName& n) { return n.transport == plan.transport; });
    names.front().used_by_phone = true;
    plan.srv_names = std::move(names);
  } else {
    plan.direct_host = settings.sip_server.empty() ? plan.domain : settings.sip_server;
    if (plan.direct_host.empty()) {
      return fail(Errc::usage, "no SIP server to resolve; give DOMAIN, --sip-gateway or --sip-server");
    }
    plan.direct_port = port;
  }
  return plan;
}

const SrvSet*
SiteDns::phone_srv_set() const
{
  for (const auto& s : srv_sets) {
    if (s.name.used_by_phone) {
      return &s;
    }
  }
  return nullptr;
}

const HostAddresses*
SiteDns::find_host(std::string_view name) const
{
  for (const auto& h : hosts) {
    if (same_name(h.host, name)) {
      return &h;
    }
  }
  return nullptr;
}

DnsOutcome
dns_outcome(const SiteDns& site)
{
  const bool usable = std::any_of(site.servers.begin(), site.servers.end(),
                                  [](const ServerEntry& s) { return s.host != nullptr && !s.host->addresses.empty(); });
  if (usable) {
    return DnsOutcome::usable;
  }
  // No usable server: was it because nobody answered?
  std::vector<const LookupInfo*> lookups;
  if (site.plan.use_srv) {
    lookups.push_back(&site.naptr.lookup);
    for (const auto& s : site.srv_sets) {
      lookups.push_back(&s.lookup);
    }
  } else {
    for (const auto& h : site.hosts) {
      lookups.push_back(&h.a);
      lookups.push_back(&h.aaaa);
    }
  }
  const bool none_answered = !lookups.empty() && std::all_of(lookups.begin(), lookups.end(), [](const LookupInfo* l) {
    return l->status == LookupStatus::no_answer;
  });
  return none_answered ? DnsOutcome::no_answer : DnsOutcome::unusable;
}

SiteDns
resolve_site(const PhoneSettings& /*settings*/, const ResolvePlan& plan, Resolver& resolver, std::uint64_t seed,
             net::TimePoint deadline)
{
  SiteDns site;
  site.plan = plan;
  site.resolver = resolver.describe();
  site.seed = seed;

  if (plan.use_srv) {
    std::vector<Question> questions{{plan.domain, rr::naptr}};
    for (const auto& n : plan.srv_names) {
      questions.push_back({n.name, rr::srv});
    }
    const auto replies = resolver.lookup(questions, deadline);
    site.naptr.name = plan.domain;
    site.naptr.lookup = classify_reply(replies[0], rr::naptr, plan.domain);
    const Message* naptr_msg = site.naptr.lookup.status == LookupStatus::found ? message_of(replies[0]) : nullptr;
    if (const Message* m = naptr_msg) {
      for (const auto& r : m->answers) {
        if (r.type == rr::naptr && same_name(r.name, plan.domain)) {
          site.naptr.records.push_back({std::get<NaptrData>(r.data), r.ttl});
        }
      }
    }
    std::stable_sort(site.naptr.records.begin(), site.naptr.records.end(), [](const auto& x, const auto& y) {
      // Ties in the canonical order too (a rotating resolver must not reorder them).
      return std::tie(x.data.order, x.data.preference, x.data.service, x.data.replacement) <
        std::tie(y.data.order, y.data.preference, y.data.service, y.data.replacement);
    });
    for (std::size_t i = 0; i < plan.srv_names.size(); ++i) {
      SrvSet set{plan.srv_names[i], classify_reply(replies[i + 1], rr::srv, plan.srv_names[i].name), {}};
      // Records in an answer whose rcode is an error are not trusted.
      const Message* srv_msg = set.lookup.status == LookupStatus::found ? message_of(replies[i + 1]) : nullptr;
      if (const Message* m = srv_msg) {
        for (const auto& r : m->answers) {
          if (r.type != rr::srv || !same_name(r.name, set.name.name)) {
            continue;
          }
          if (set.records.size() >= limits::k_max_srv_records) {
            set.lookup.detail = fmt::format("more than {} SRV records; the rest ignored", limits::k_max_srv_records);
            break;
          }
          set.records.push_back({std::get<SrvData>(r.data), r.ttl});
        }
      }
      // Shown and drawn from in one canonical order, not the answer's.
      std::stable_sort(set.records.begin(), set.records.end(),
                       [](const auto& x, const auto& y) { return canonical_less(x.data, y.data); });
      site.srv_sets.push_back(std::move(set));
    }
    for (const auto& set : site.srv_sets) {
      for (const auto& e : set.records) {
        if (e.data.target != ".") {
          host_slot(site.hosts, e.data.target);
        }
      }
    }
  } else {
    host_slot(site.hosts, plan.direct_host);
  }

  site.server_checks = check_servers(plan, resolver, deadline);
  resolve_hosts(site.hosts, resolver, deadline);

  if (plan.use_srv) {
    if (const SrvSet* used = site.phone_srv_set()) {
      std::vector<SrvData> usable;
      for (const auto& e : used->records) {
        if (e.data.target != ".") {
          usable.push_back(e.data);
        }
      }
      // The phone's list: one RFC 2782 draw with the run's seed; every
      // command and every section of a report uses this order.
      std::vector<double> share(usable.size(), 1.0);
      for (const auto& g : group_by_priority(usable)) {
        for (std::size_t k = 0; k < g.members.size(); ++k) {
          share[g.members[k]] = g.shares[k];
        }
      }
      for (std::size_t i : phone_order(usable, seed)) {
        const SrvData& d = usable[i];
        std::uint32_t ttl = 0;
        for (const auto& e : used->records) {
          if (e.data == d) {
            ttl = e.ttl;
          }
        }
        site.servers.push_back(
          ServerEntry{d.target, d.port, d.priority, d.weight, share[i], ttl, site.find_host(d.target)});
      }
      if (!used->records.empty()) {
        std::uint32_t ttl = used->records.front().ttl;
        for (const auto& e : used->records) {
          ttl = std::min(ttl, e.ttl);
        }
        site.refetch_after = ttl;
      }
    }
  } else {
    site.servers.push_back(ServerEntry{plan.direct_host, plan.direct_port, 0, 0, 1.0, 0, &site.hosts.front()});
  }
  site.findings = derive_dns_findings(site);
  return site;
}

} // namespace sipsurv::dns
