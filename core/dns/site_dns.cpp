#include "core/dns/site_dns.hpp"

#include "core/dns/srv_order.hpp"
#include "core/util/ip_literal.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::dns {

// Defined in dns_findings.cpp.
std::vector<report::Finding> derive_dns_findings(const SiteDns& site);

namespace {

LookupInfo
classify(const Reply& reply, std::uint16_t wanted_type, std::string_view name)
{
  LookupInfo info;
  info.elapsed = reply.elapsed;
  if (!reply.outcome) {
    info.status = reply.outcome.error().code == Errc::protocol || reply.outcome.error().code == Errc::limit
      ? LookupStatus::malformed
      : LookupStatus::no_answer;
    info.detail = reply.outcome.error().message;
    return info;
  }
  const Message& m = *reply.outcome;
  switch (m.rcode) {
  case 0:
    break;
  case 3:
    info.status = LookupStatus::nxdomain;
    info.detail = "NXDOMAIN";
    return info;
  default:
    info.status = LookupStatus::server_failure;
    info.detail = rcode_name(m.rcode);
    return info;
  }
  const bool any = std::any_of(m.answers.begin(), m.answers.end(), [&](const Record& r) {
    return r.type == wanted_type && (wanted_type == rr::a || wanted_type == rr::aaaa || same_name(r.name, name));
  });
  info.status = any ? LookupStatus::found : LookupStatus::nodata;
  info.detail = any ? "" : "no records";
  if (m.records_over_limit > 0) {
    info.detail =
      fmt::format("{} records over the limit of {} ignored", m.records_over_limit, limits::k_max_records_per_answer);
  }
  return info;
}

const Message*
message_of(const Reply& r)
{
  return r.outcome ? &*r.outcome : nullptr;
}

// What one A or AAAA reply gave: a CNAME target to chase when the answer
// stopped at an alias without addresses, and the hops it followed.
struct Absorbed {
  std::optional<std::string> chase;
  std::size_t hops = 0;
  bool limit_hit = false;
};

// Fill `host` from one A or AAAA reply. `hops_before` counts the CNAME hops
// already followed from the SRV target in earlier answers: the limit holds
// for the whole chain, not per answer, so a chain split over many answers
// (or a loop) cannot run to k_max_cname_chain hops per round.
Absorbed
absorb_addresses(HostAddresses& host, const std::string& queried, const Reply& reply, std::uint16_t type,
                 std::size_t hops_before)
{
  Absorbed out;
  const Message* m = message_of(reply);
  if (m == nullptr) {
    return out;
  }
  std::string current = queried;
  for (;;) {
    const auto it = std::find_if(m->answers.begin(), m->answers.end(),
                                 [&](const Record& r) { return r.type == rr::cname && same_name(r.name, current); });
    if (it == m->answers.end()) {
      break;
    }
    if (hops_before + out.hops >= limits::k_max_cname_chain) {
      out.limit_hit = true; // one more hop would pass the limit: stop, and use no address beyond it
      return out;
    }
    const auto& target = std::get<CnameData>(it->data).target;
    if (type == rr::a || host.cname_chain.empty()) { // record the chain once, from the A answer
      const bool known = std::any_of(host.cname_chain.begin(), host.cname_chain.end(),
                                     [&](const CnameHop& h) { return same_name(h.alias, current); });
      if (!known) {
        host.cname_chain.push_back(CnameHop{current, target, it->ttl});
      }
    }
    current = target;
    ++out.hops;
  }
  bool found = false;
  for (const auto& r : m->answers) {
    if (r.type == type && same_name(r.name, current)) {
      const auto& addr = std::get<AddressData>(r.data).address;
      AddressRecord rec{addr, r.ttl, type == rr::aaaa};
      if (std::find(host.addresses.begin(), host.addresses.end(), rec) == host.addresses.end()) {
        host.addresses.push_back(rec);
      }
      found = true;
    }
  }
  if (!found && !same_name(current, queried) && m->rcode == 0) {
    out.chase = current;
  }
  return out;
}

// The address itself when `host` is an IPv4 or IPv6 literal.
std::optional<AddressRecord>
ip_literal(const std::string& host)
{
  if (is_ipv4_literal(host)) {
    return AddressRecord{host, 0, false};
  }
  if (is_ipv6_literal(host)) {
    return AddressRecord{host, 0, true};
  }
  return std::nullopt;
}

void
resolve_hosts(std::vector<HostAddresses>& hosts, Resolver& resolver)
{
  // Round 1: A and AAAA of every host. Later rounds: chase CNAME targets the
  // server did not resolve for us. Every chase has followed at least one more
  // hop, so with the chain limit there are at most k_max_cname_chain of them.
  struct Chase {
    std::size_t host;
    std::string name;
    std::uint16_t type;
    std::size_t hops; // CNAME hops followed from the SRV target to `name`
  };
  std::vector<Chase> todo;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    // An IP literal (--sip-server 127.0.0.5, or an SRV target that breaks
    // RFC 2782) is its own address: asking DNS for it would give NXDOMAIN.
    if (const auto literal = ip_literal(hosts[i].host)) {
      hosts[i].addresses.push_back(*literal);
      LookupInfo& used = literal->ipv6 ? hosts[i].aaaa : hosts[i].a;
      LookupInfo& other = literal->ipv6 ? hosts[i].a : hosts[i].aaaa;
      used = LookupInfo{LookupStatus::found, "IP literal, not looked up", {}};
      other = LookupInfo{LookupStatus::nodata, "IP literal, not looked up", {}};
      continue;
    }
    todo.push_back({i, hosts[i].host, rr::a, 0});
    todo.push_back({i, hosts[i].host, rr::aaaa, 0});
  }
  for (std::size_t round = 0; round <= limits::k_max_cname_chain && !todo.empty(); ++round) {
    std::vector<Question> questions;
    for (const auto& c : todo) {
      questions.push_back({c.name, c.type});
    }
    const auto replies = resolver.lookup(questions);
    std::vector<Chase> next;
    for (std::size_t k = 0; k < todo.size(); ++k) {
      auto& host = hosts[todo[k].host];
      LookupInfo info = classify(replies[k], todo[k].type, todo[k].name);
      (todo[k].type == rr::a ? host.a : host.aaaa) = info;
      const Absorbed got = absorb_addresses(host, todo[k].name, replies[k], todo[k].type, todo[k].hops);
      if (got.limit_hit) {
        host.cname_limit_hit = true;
      } else if (got.chase) {
        next.push_back({todo[k].host, *got.chase, todo[k].type, todo[k].hops + got.hops});
      }
    }
    todo = std::move(next);
  }
  for (auto& host : hosts) {
    // A lookup that ended with addresses counts as found even if it took hops.
    const bool has_v4 = std::any_of(host.addresses.begin(), host.addresses.end(), [](auto& a) { return !a.ipv6; });
    const bool has_v6 = std::any_of(host.addresses.begin(), host.addresses.end(), [](auto& a) { return a.ipv6; });
    if (has_v4) {
      host.a.status = LookupStatus::found;
    }
    if (has_v6) {
      host.aaaa.status = LookupStatus::found;
    }
    std::stable_sort(host.addresses.begin(), host.addresses.end(),
                     [](const AddressRecord& x, const AddressRecord& y) { return !x.ipv6 && y.ipv6; });
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

} // namespace

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
resolve_site(const PhoneSettings& /*settings*/, const ResolvePlan& plan, Resolver& resolver, std::uint64_t seed)
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
    const auto replies = resolver.lookup(questions);
    site.naptr.name = plan.domain;
    site.naptr.lookup = classify(replies[0], rr::naptr, plan.domain);
    const Message* naptr_msg = site.naptr.lookup.status == LookupStatus::found ? message_of(replies[0]) : nullptr;
    if (const Message* m = naptr_msg) {
      for (const auto& r : m->answers) {
        if (r.type == rr::naptr && same_name(r.name, plan.domain)) {
          site.naptr.records.push_back({std::get<NaptrData>(r.data), r.ttl});
        }
      }
    }
    std::stable_sort(site.naptr.records.begin(), site.naptr.records.end(), [](const auto& x, const auto& y) {
      return std::tie(x.data.order, x.data.preference) < std::tie(y.data.order, y.data.preference);
    });
    for (std::size_t i = 0; i < plan.srv_names.size(); ++i) {
      SrvSet set{plan.srv_names[i], classify(replies[i + 1], rr::srv, plan.srv_names[i].name), {}};
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

  resolve_hosts(site.hosts, resolver);

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
