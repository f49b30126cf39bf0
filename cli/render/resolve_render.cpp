#include "cli/render/resolve_render.hpp"

#include "cli/render/wrap.hpp"
#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::cli {
namespace {

std::string
esc(std::string_view s)
{
  return escape_for_terminal(s);
}

std::string
addresses_text(const dns::HostAddresses& h)
{
  std::vector<std::string> parts;
  for (const auto& a : h.addresses) {
    parts.push_back(a.address);
  }
  return parts.empty() ? "no address" : fmt::format("{}", fmt::join(parts, ", "));
}

std::string
srv_label(const dns::SrvName& n)
{
  if (n.kind == dns::SrvKind::sip_tls_legacy) {
    return "legacy name, not used by RFC 3263 phones";
  }
  return n.used_by_phone ? fmt::format("used by the phone: transport {}", to_string(*n.transport))
                         : fmt::format("transport {}", to_string(*n.transport));
}

std::string
lookup_text(const dns::LookupInfo& l)
{
  return l.detail.empty() ? std::string(to_string(l.status))
                          : fmt::format("{} ({})", to_string(l.status), esc(l.detail));
}

std::string
ms_text(std::chrono::microseconds us)
{
  return fmt::format("{:.1f} ms", static_cast<double>(us.count()) / 1000.0);
}

// "; answered by 127.0.0.1:53", or nothing (a zone file). Without the
// time it took (the JSON has it): the same answers give the same text.
std::string
answered_by(const dns::LookupInfo& l)
{
  return l.server.empty() ? std::string() : fmt::format("; answered by {}", esc(l.server));
}

void
naptr_section(std::string& out, const dns::SiteDns& site, std::size_t w)
{
  out += fmt::format("NAPTR {}\n", esc(site.naptr.name));
  if (site.naptr.records.empty()) {
    out += wrap(lookup_text(site.naptr.lookup), w, "  ", 4) + "\n";
    return;
  }
  out += "  order pref  flags service      regexp  replacement                       TTL\n";
  for (const auto& n : site.naptr.records) {
    out += fmt::format("  {:<5} {:<5} {:<5} {:<12} {:<7} {:<33} {}\n", n.data.order, n.data.preference,
                       fmt::format("\"{}\"", esc(n.data.flags)), esc(n.data.service),
                       fmt::format("\"{}\"", esc(n.data.regexp)), esc(n.data.replacement), n.ttl);
  }
}

void
srv_section(std::string& out, const dns::SiteDns& site, std::size_t w)
{
  out += "SRV\n";
  std::size_t width = 6;
  for (const auto& set : site.srv_sets) {
    for (const auto& e : set.records) {
      width = std::max(width, esc(e.data.target).size());
    }
  }
  for (const auto& set : site.srv_sets) {
    out += hanging_line(fmt::format("{} {}  ", set.name.used_by_phone ? "*" : " ", esc(set.name.name)),
                        fmt::format("({}{})", srv_label(set.name), answered_by(set.lookup)), w);
    if (set.records.empty()) {
      out += wrap(lookup_text(set.lookup), w, "      ", 8) + "\n";
      continue;
    }
    out += fmt::format("      prio  weight port  {:<{}}  TTL\n", "target", width);
    for (const auto& e : set.records) {
      out += fmt::format("      {:<5} {:<6} {:<5} {:<{}}  {}\n", e.data.priority, e.data.weight, e.data.port,
                         esc(e.data.target), width, e.ttl);
    }
    if (!set.lookup.detail.empty()) {
      out += hanging_line("      note: ", esc(set.lookup.detail), w);
    }
  }
}

void
server_checks_section(std::string& out, const dns::SiteDns& site, std::size_t w)
{
  const auto& checks = site.server_checks;
  if (checks.empty()) {
    return;
  }
  out += hanging_line(
    "DNS servers, each asked alone: ",
    fmt::format("{} {}", dns::type_name(checks.front().question.type), esc(checks.front().question.name)), w);
  std::size_t width = 0;
  for (const auto& c : checks) {
    width = std::max(width, esc(c.server).size());
  }
  for (const auto& c : checks) {
    const std::string what = c.lookup.status == dns::LookupStatus::found
      ? fmt::format("found {} record(s) in {}", c.answer.size(), ms_text(c.lookup.elapsed))
      : lookup_text(c.lookup);
    out += hanging_line(fmt::format("  {:<9}  {:<{}}  ", dns::server_role(c.index), esc(c.server), width), what, w);
  }
}

void
hosts_section(std::string& out, const dns::SiteDns& site, std::size_t w)
{
  out += "Addresses\n";
  if (site.hosts.empty()) {
    out += "  none (no SRV targets)\n";
    return;
  }
  for (const auto& h : site.hosts) {
    out += fmt::format("  {}\n", esc(h.host));
    for (const auto& c : h.cname_chain) {
      out += fmt::format("      CNAME {}  TTL {}\n", esc(c.target), c.ttl);
    }
    for (const auto& a : h.addresses) {
      out += fmt::format("      {:<5} {}  TTL {}\n", a.ipv6 ? "AAAA" : "A", a.address, a.ttl);
    }
    if (h.addresses.empty()) {
      out +=
        wrap(fmt::format("no address (A: {}; AAAA: {})", lookup_text(h.a), lookup_text(h.aaaa)), w, "      ", 8) + "\n";
    }
    if (h.cname_limit_hit) {
      out += "      CNAME chain longer than the limit; not followed further\n";
    }
  }
}

void
server_list_section(std::string& out, const dns::SiteDns& site, std::size_t w)
{
  out += site.plan.use_srv ? "Server list (RFC 2782 order)\n" : "Server (SIP server port set, no SRV)\n";
  if (site.servers.empty()) {
    out += "  none: the phone has no server to register with\n";
    return;
  }
  std::size_t width = 0;
  for (const auto& s : site.servers) {
    width = std::max(width, esc(s.target).size() + 6);
  }
  std::optional<std::uint16_t> priority;
  for (const auto& s : site.servers) {
    if (site.plan.use_srv && priority != s.priority) {
      priority = s.priority;
      out += fmt::format("  priority {}\n", s.priority);
    }
    const std::string name = fmt::format("{}:{}", esc(s.target), s.port);
    if (site.plan.use_srv) {
      // The addresses, last, wrap under their own column.
      out +=
        hanging_line(fmt::format("    {:<{}}  weight {:<5} share {:>5.1f}%  ", name, width, s.weight, s.share * 100.0),
                     s.host != nullptr ? addresses_text(*s.host) : "no address", w);
    } else {
      out += hanging_line(fmt::format("    {:<{}}  ", name, width),
                          s.host != nullptr ? addresses_text(*s.host) : "no address", w);
    }
  }
  if (site.plan.use_srv) {
    std::vector<std::string> order;
    for (const auto& s : site.servers) {
      order.push_back(fmt::format("{}:{}", esc(s.target), s.port));
    }
    out +=
      hanging_line(fmt::format("  sample order (seed {}): ", site.seed), fmt::format("{}", fmt::join(order, ", ")), w);
  }
  if (site.refetch_after) {
    out +=
      wrap(fmt::format("the phone fetches the list again after {} s (the SRV TTL)", *site.refetch_after), w, "  ", 4) +
      "\n";
  }
}

Json
lookup_json(const dns::LookupInfo& l)
{
  return Json{{"status", to_string(l.status)},
              {"detail", str_or_null(l.detail)},
              {"elapsed_ms", static_cast<double>(l.elapsed.count()) / 1000.0},
              {"server", str_or_null(l.server)}};
}

Json
server_checks_json(const dns::SiteDns& site)
{
  Json arr = Json::array();
  for (const auto& c : site.server_checks) {
    arr.push_back(Json{{"server", c.server},
                       {"role", dns::server_role(c.index)},
                       {"question", Json{{"name", c.question.name}, {"type", dns::type_name(c.question.type)}}},
                       {"lookup", lookup_json(c.lookup)},
                       {"answer", c.answer}});
  }
  return arr;
}

Json
addresses_json(const dns::HostAddresses& h)
{
  Json arr = Json::array();
  for (const auto& a : h.addresses) {
    arr.push_back(Json{{"address", a.address}, {"family", a.ipv6 ? "ipv6" : "ipv4"}, {"ttl", a.ttl}});
  }
  return arr;
}

std::string
outcome_name(dns::DnsOutcome o)
{
  switch (o) {
  case dns::DnsOutcome::usable:
    return "usable";
  case dns::DnsOutcome::unusable:
    return "unusable";
  case dns::DnsOutcome::no_answer:
    break;
  }
  return "no_answer";
}

} // namespace

Json
refetch_after_ms_json(std::optional<std::uint32_t> seconds)
{
  return seconds ? Json(static_cast<std::uint64_t>(*seconds) * 1000U) : Json(nullptr);
}

std::string
resolve_headline(const dns::SiteDns& site)
{
  const auto outcome = dns::dns_outcome(site);
  const std::string transport(to_string(site.plan.transport));
  if (outcome == dns::DnsOutcome::no_answer) {
    return fmt::format("{}: no DNS server answered ({})",
                       esc(site.plan.use_srv ? site.plan.domain : site.plan.direct_host), esc(site.resolver));
  }
  if (!site.plan.use_srv) {
    const auto& s = site.servers.front();
    return outcome == dns::DnsOutcome::usable
      ? fmt::format("{}:{}: SIP server port set, the phone uses this one server ({}) and no SRV list", esc(s.target),
                    s.port, addresses_text(*s.host))
      : fmt::format("{}:{}: SIP server port set, and the server has no address", esc(s.target), s.port);
  }
  const dns::SrvSet* used = site.phone_srv_set();
  if (outcome == dns::DnsOutcome::unusable) {
    return fmt::format("{}: no usable SIP server for transport {} ({} {})", esc(site.plan.domain), transport,
                       esc(used->name.name), to_string(used->lookup.status));
  }
  std::size_t reachable = 0;
  for (const auto& s : site.servers) {
    reachable += (s.host != nullptr && !s.host->addresses.empty()) ? 1U : 0U;
  }
  return fmt::format("{}: {} SIP server(s) for transport {} from {}, {} with an address; list refreshed every {} s",
                     esc(site.plan.domain), site.servers.size(), transport, esc(used->name.name), reachable,
                     site.refetch_after.value_or(0));
}

std::string
dns_servers_text(const dns::SiteDns& site, const TextStyle& style)
{
  std::string out;
  server_checks_section(out, site, style.width);
  return out;
}

std::string
resolve_server_list_text(const dns::SiteDns& site, const TextStyle& style)
{
  std::string out;
  server_list_section(out, site, style.width);
  return out;
}

std::string
render_resolve_text(const dns::SiteDns& site, const TextStyle& style)
{
  const std::size_t w = style.width;
  std::string out = style.bold(wrap(resolve_headline(site), w, "", 2)) + "\n\n";
  out += hanging_line("Resolver: ", esc(site.resolver), w);
  if (!site.server_checks.empty()) {
    out += "\n";
    server_checks_section(out, site, w);
    out += "\n";
  }
  if (site.plan.use_srv) {
    out += hanging_line("Phone: ",
                        fmt::format("transport {}, SIP server port 0: servers from DNS SRV {} (RFC 3263 §4.1)",
                                    to_string(site.plan.transport), esc(site.phone_srv_set()->name.name)),
                        w) +
      "\n";
    naptr_section(out, site, w);
    out += "\n";
    srv_section(out, site, w);
  } else {
    out += hanging_line("Phone: ",
                        fmt::format("transport {}, SIP server port {}: no SRV lookup, A/AAAA of {}",
                                    to_string(site.plan.transport), site.plan.direct_port, esc(site.plan.direct_host)),
                        w);
  }
  out += "\n";
  hosts_section(out, site, w);
  out += "\n";
  server_list_section(out, site, w);
  out += "\nFindings\n";
  out += findings_text(site.findings, style);
  return out;
}

Json
resolve_json(const dns::SiteDns& site)
{
  Json q{{"domain", str_or_null(site.plan.domain)},
         {"transport", to_string(site.plan.transport)},
         {"use_srv", site.plan.use_srv},
         {"sip_server", str_or_null(site.plan.direct_host)},
         {"sip_server_port", site.plan.use_srv ? 0 : site.plan.direct_port},
         {"resolver", site.resolver},
         {"seed", site.seed}};
  Json naptr{
    {"name", str_or_null(site.naptr.name)}, {"lookup", lookup_json(site.naptr.lookup)}, {"records", Json::array()}};
  for (const auto& n : site.naptr.records) {
    naptr["records"].push_back(Json{{"order", n.data.order},
                                    {"preference", n.data.preference},
                                    {"flags", str_or_null(n.data.flags)},
                                    {"service", str_or_null(n.data.service)},
                                    {"regexp", str_or_null(n.data.regexp)},
                                    {"replacement", str_or_null(n.data.replacement)},
                                    {"ttl", n.ttl}});
  }
  Json srv = Json::array();
  for (const auto& set : site.srv_sets) {
    Json records = Json::array();
    for (const auto& e : set.records) {
      records.push_back(Json{{"priority", e.data.priority},
                             {"weight", e.data.weight},
                             {"port", e.data.port},
                             {"target", e.data.target},
                             {"ttl", e.ttl}});
    }
    srv.push_back(Json{{"name", set.name.name},
                       {"transport", set.name.transport ? Json(to_string(*set.name.transport)) : Json(nullptr)},
                       {"legacy", set.name.kind == dns::SrvKind::sip_tls_legacy},
                       {"used_by_phone", set.name.used_by_phone},
                       {"lookup", lookup_json(set.lookup)},
                       {"records", records}});
  }
  Json hosts = Json::array();
  for (const auto& h : site.hosts) {
    Json chain = Json::array();
    for (const auto& c : h.cname_chain) {
      chain.push_back(Json{{"alias", c.alias}, {"target", c.target}, {"ttl", c.ttl}});
    }
    hosts.push_back(Json{{"host", h.host},
                         {"cname_chain", chain},
                         {"addresses", addresses_json(h)},
                         {"a", lookup_json(h.a)},
                         {"aaaa", lookup_json(h.aaaa)}});
  }
  Json servers = Json::array();
  for (const auto& s : site.servers) {
    servers.push_back(Json{{"target", s.target},
                           {"port", s.port},
                           {"priority", s.priority},
                           {"weight", s.weight},
                           {"share", s.share},
                           {"srv_ttl", s.srv_ttl},
                           {"addresses", s.host != nullptr ? addresses_json(*s.host) : Json::array()}});
  }
  Json order = Json::array();
  for (const auto& s : site.servers) {
    order.push_back(Json{{"target", s.target}, {"port", s.port}});
  }
  return Json{{"query", q},
              {"outcome", outcome_name(dns::dns_outcome(site))},
              {"naptr", naptr},
              {"srv", srv},
              {"hosts", hosts},
              {"servers", servers},
              {"sample_order", order},
              {"refetch_after_ms", refetch_after_ms_json(site.refetch_after)},
              {"dns_servers", server_checks_json(site)},
              {"findings", findings_json(site.findings)}};
}

std::string
render_resolve_json(const dns::SiteDns& site)
{
  Json doc = json_document("resolve");
  const Json body = resolve_json(site); // named: items() must not outlive it
  for (const auto& [key, value] : body.items()) {
    doc[key] = value;
  }
  return dump_json(doc);
}

} // namespace sipsurv::cli
