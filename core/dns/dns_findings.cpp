// DNS findings derived from a resolved site: pure, no lookups. Names and
// record data from the network stay raw here, as in every finding: each
// renderer escapes for its medium (terminal text, JSON, Nagios, OpenMetrics).
#include "core/dns/site_dns.hpp"

#include "core/util/join.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace sipsurv::dns {

std::vector<report::Finding> derive_dns_findings(const SiteDns& site);

namespace {

using report::make_finding;

void
lookup_failures(const SiteDns& site, std::vector<report::Finding>& out)
{
  std::vector<std::string> failed;
  std::vector<std::string> malformed;
  auto note = [&](std::string_view what, const LookupInfo& l) {
    if (l.status == LookupStatus::server_failure || l.status == LookupStatus::no_answer) {
      failed.push_back(fmt::format("{}: {}", what, l.detail));
    } else if (l.status == LookupStatus::malformed || l.detail.find("ignored") != std::string::npos) {
      malformed.push_back(fmt::format("{}: {}", what, l.detail));
    }
  };
  if (site.plan.use_srv) {
    note(fmt::format("NAPTR {}", site.naptr.name), site.naptr.lookup);
    for (const auto& s : site.srv_sets) {
      note(fmt::format("SRV {}", s.name.name), s.lookup);
    }
  }
  for (const auto& h : site.hosts) {
    note(fmt::format("A {}", h.host), h.a);
    note(fmt::format("AAAA {}", h.host), h.aaaa);
    if (h.cname_limit_hit) {
      malformed.push_back(fmt::format("{}: CNAME chain longer than the limit", h.host));
    }
  }
  if (!failed.empty()) {
    out.push_back(make_finding(
      "DNS012", fmt::format("{} DNS question(s) got no usable answer from {}.", failed.size(), site.resolver),
      join_limited(failed, "; ", 3)));
  }
  if (!malformed.empty()) {
    out.push_back(make_finding("DNS014",
                               fmt::format("{} DNS answer(s) were malformed or over a limit.", malformed.size()),
                               join_limited(malformed, "; ", 3)));
  }
}

void
srv_findings(const SiteDns& site, std::vector<report::Finding>& out)
{
  const SrvSet* used = site.phone_srv_set();
  if (used == nullptr) {
    return;
  }
  if (site.naptr.lookup.status == LookupStatus::nxdomain) {
    out.push_back(make_finding("DNS011", fmt::format("The domain {} does not exist.", site.plan.domain),
                               fmt::format("NAPTR {}: NXDOMAIN", site.plan.domain)));
  }
  const bool only_dot = !used->records.empty() &&
    std::all_of(used->records.begin(), used->records.end(), [](const SrvEntry& e) { return e.data.target == "."; });
  if (only_dot) {
    out.push_back(make_finding("DNS013", fmt::format("{} says the service is not available.", used->name.name),
                               fmt::format("{} SRV 0 0 0 .", used->name.name)));
  } else if (used->records.empty() && site.naptr.lookup.status != LookupStatus::nxdomain &&
             (used->lookup.status == LookupStatus::nxdomain || used->lookup.status == LookupStatus::nodata)) {
    std::vector<std::string> others;
    for (const auto& s : site.srv_sets) {
      if (!s.name.used_by_phone && !s.records.empty()) {
        others.push_back(fmt::format("{} has {} record(s)", s.name.name, s.records.size()));
      }
    }
    out.push_back(make_finding("DNS001",
                               fmt::format("No SRV records for {}, the name the phone asks for with transport {}.",
                                           used->name.name, to_string(site.plan.transport)),
                               fmt::format("{}: {}{}", used->name.name, used->lookup.detail,
                                           others.empty() ? "" : fmt::format("; {}", fmt::join(others, "; ")))));
  }

  // Per target of the phone's list.
  std::set<std::string> reported;
  for (const auto& s : site.servers) {
    if (s.host == nullptr || !reported.insert(normalize_name(s.target)).second) {
      continue;
    }
    if (!s.host->cname_chain.empty()) {
      out.push_back(make_finding(
        "DNS002", fmt::format("SRV target {} is an alias.", s.target),
        fmt::format("{} CNAME {}", s.host->cname_chain.front().alias, s.host->cname_chain.front().target)));
    }
    if (s.host->addresses.empty()) {
      out.push_back(
        make_finding("DNS003", fmt::format("SRV target {} has no address.", s.target),
                     fmt::format("A: {}; AAAA: {}", to_string(s.host->a.status), to_string(s.host->aaaa.status))));
    }
  }

  std::set<std::string> targets;
  for (const auto& s : site.servers) {
    targets.insert(normalize_name(s.target));
  }
  if (targets.size() == 1) {
    out.push_back(make_finding("DNS005", fmt::format("{} lists one target only.", used->name.name),
                               fmt::format("{}:{}", site.servers.front().target, site.servers.front().port)));
  } else if (targets.size() > 1) {
    // Fake redundancy: every target with addresses has the same address set.
    std::set<std::vector<std::string>> address_sets;
    std::size_t with_addresses = 0;
    for (const auto& name : targets) {
      const HostAddresses* h = site.find_host(name);
      if (h == nullptr || h->addresses.empty()) {
        continue;
      }
      std::vector<std::string> addrs;
      for (const auto& a : h->addresses) {
        addrs.push_back(a.address);
      }
      std::sort(addrs.begin(), addrs.end());
      address_sets.insert(addrs);
      ++with_addresses;
    }
    if (with_addresses > 1 && address_sets.size() == 1) {
      out.push_back(make_finding(
        "DNS004", fmt::format("All {} targets of {} are on the same address.", with_addresses, used->name.name),
        fmt::format("{} -> {}", join_limited(std::vector<std::string>(targets.begin(), targets.end())),
                    join_limited(*address_sets.begin()))));
    }
  }

  if (site.refetch_after) {
    const auto ttl = *site.refetch_after;
    if (ttl > k_long_srv_ttl) {
      out.push_back(make_finding("DNS006",
                                 fmt::format("The SRV TTL of {} s means phones may use an old list for up to {}.", ttl,
                                             ttl >= 86400 ? fmt::format("{:.1f} days", ttl / 86400.0)
                                                          : fmt::format("{:.1f} hours", ttl / 3600.0)),
                                 fmt::format("{} TTL {}", used->name.name, ttl)));
    } else if (ttl < k_short_srv_ttl) {
      out.push_back(make_finding("DNS007", fmt::format("The SRV TTL of {} s makes phones re-query very often.", ttl),
                                 fmt::format("{} TTL {}", used->name.name, ttl)));
    }
  }

  // Weight 0 mixed with non-zero weights in one priority group.
  std::map<std::uint16_t, std::pair<bool, bool>> zero_and_nonzero;
  for (const auto& s : site.servers) {
    auto& [zero, nonzero] = zero_and_nonzero[s.priority];
    (s.weight == 0 ? zero : nonzero) = true;
  }
  for (const auto& [priority, flags] : zero_and_nonzero) {
    if (flags.first && flags.second) {
      out.push_back(make_finding("DNS015", fmt::format("Priority {} mixes weight 0 with non-zero weights.", priority),
                                 fmt::format("{} priority {}", used->name.name, priority)));
    }
  }

  for (const auto& s : site.srv_sets) {
    if (s.name.kind == SrvKind::sip_tls_legacy && !s.records.empty()) {
      out.push_back(make_finding("DNS009", fmt::format("{} is published.", s.name.name),
                                 fmt::format("{} record(s)", s.records.size())));
    }
  }

  if (!site.naptr.records.empty()) {
    std::string_view wanted = site.plan.transport == Transport::tls ? "SIPS+D2T"
      : site.plan.transport == Transport::tcp                       ? "SIP+D2T"
                                                                    : "SIP+D2U";
    const auto match = std::find_if(site.naptr.records.begin(), site.naptr.records.end(), [&](const NaptrEntry& n) {
      return normalize_name(n.data.service) == normalize_name(wanted);
    });
    if (match == site.naptr.records.end()) {
      out.push_back(make_finding(
        "DNS010",
        fmt::format("NAPTR records exist but none offers {} for transport {}.", wanted, to_string(site.plan.transport)),
        fmt::format("{} NAPTR record(s)", site.naptr.records.size())));
    } else if (!same_name(match->data.replacement, used->name.name)) {
      out.push_back(make_finding(
        "DNS010",
        fmt::format("The {} NAPTR record points at {}, not at {}.", wanted, match->data.replacement, used->name.name),
        fmt::format("NAPTR {} {} \"{}\" \"{}\" {}", match->data.order, match->data.preference, match->data.flags,
                    match->data.service, match->data.replacement)));
    }
  }
}

std::string
check_text(const DnsServerCheck& c)
{
  if (c.lookup.status == LookupStatus::found) {
    return fmt::format("{} record(s) in {:.1f} ms", c.answer.size(),
                       static_cast<double>(c.lookup.elapsed.count()) / 1000.0);
  }
  return c.lookup.detail.empty() ? std::string(to_string(c.lookup.status))
                                 : fmt::format("{} ({})", to_string(c.lookup.status), c.lookup.detail);
}

bool
gave_an_answer(const DnsServerCheck& c)
{
  return c.lookup.status == LookupStatus::found || c.lookup.status == LookupStatus::nodata ||
    c.lookup.status == LookupStatus::nxdomain;
}

// The phone's Primary/Secondary DNS, each asked alone (DNS016, DNS017).
// When none answers, DNS012 already says so: these are about a server
// that fails while another works, and about servers that disagree.
void
server_check_findings(const SiteDns& site, std::vector<report::Finding>& out)
{
  const auto& checks = site.server_checks;
  const auto answering = std::find_if(checks.begin(), checks.end(), gave_an_answer);
  if (answering == checks.end()) {
    return;
  }
  for (const auto& c : checks) {
    if (!gave_an_answer(c)) {
      out.push_back(make_finding(
        "DNS016",
        fmt::format("The {} DNS server {} gave no usable answer; the {} {} did.", server_role(c.index), c.server,
                    server_role(answering->index), answering->server),
        fmt::format("{} {} via {}: {}", type_name(c.question.type), c.question.name, c.server, check_text(c))));
    }
  }
  std::vector<const DnsServerCheck*> answered;
  for (const auto& c : checks) {
    if (gave_an_answer(c)) {
      answered.push_back(&c);
    }
  }
  const bool differ = std::any_of(answered.begin(), answered.end(), [&](const DnsServerCheck* c) {
    return c->lookup.status != answered.front()->lookup.status || c->answer != answered.front()->answer;
  });
  if (differ) {
    std::vector<std::string> parts;
    for (const auto* c : answered) {
      parts.push_back(fmt::format("{} {}: {}", server_role(c->index), c->server,
                                  c->answer.empty() ? check_text(*c) : join_limited(c->answer, ", ", 6)));
    }
    out.push_back(
      make_finding("DNS017", fmt::format("The phone's DNS servers disagree about {}.", answered.front()->question.name),
                   join_limited(parts, "; ", 4)));
  }
}

} // namespace

std::vector<report::Finding>
derive_dns_findings(const SiteDns& site)
{
  std::vector<report::Finding> out;
  if (!site.plan.use_srv) {
    out.push_back(make_finding("DNS008",
                               fmt::format("SIP server port {} is set, so the phone uses {} only and no SRV list.",
                                           site.plan.direct_port, site.plan.direct_host),
                               fmt::format("--sip-server-port {}", site.plan.direct_port)));
    const HostAddresses& h = site.hosts.front();
    if (h.a.status == LookupStatus::nxdomain && h.aaaa.status == LookupStatus::nxdomain) {
      out.push_back(make_finding("DNS011", fmt::format("The host {} does not exist.", h.host),
                                 fmt::format("A {}: NXDOMAIN", h.host)));
    } else if (h.addresses.empty()) {
      out.push_back(make_finding("DNS003", fmt::format("SIP server {} has no address.", h.host),
                                 fmt::format("A: {}; AAAA: {}", to_string(h.a.status), to_string(h.aaaa.status))));
    }
  } else {
    srv_findings(site, out);
  }
  lookup_failures(site, out);
  server_check_findings(site, out);
  std::stable_sort(out.begin(), out.end(),
                   [](const report::Finding& a, const report::Finding& b) { return a.severity > b.severity; });
  return out;
}

} // namespace sipsurv::dns
