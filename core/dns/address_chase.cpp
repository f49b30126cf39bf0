#include "core/dns/address_chase.hpp"

#include "core/util/ip_literal.hpp"
#include "core/util/limits.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <tuple>

namespace sipsurv::dns {
namespace {

// The address as network-order bytes, for a numeric sort (unparsable: last).
std::array<unsigned char, 16>
address_bytes(const AddressRecord& r)
{
  std::array<unsigned char, 16> out{};
  if (inet_pton(r.ipv6 ? AF_INET6 : AF_INET, r.address.c_str(), out.data()) != 1) {
    out.fill(0xff);
  }
  return out;
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
// already followed from the host in earlier answers: the limit holds for the
// whole chain, not per answer, so a chain split over many answers (or a
// loop) cannot run to k_max_cname_chain hops per round.
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

} // namespace

LookupInfo
classify_reply(const Reply& reply, std::uint16_t wanted_type, std::string_view name)
{
  LookupInfo info;
  info.elapsed = reply.elapsed;
  info.server = reply.server;
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

AddressChase::AddressChase(std::string host)
{
  m_host.host = std::move(host);
  // An IP literal (--sip-server 127.0.0.5, or an SRV target that breaks
  // RFC 2782) is its own address: asking DNS for it would give NXDOMAIN.
  const bool v4 = is_ipv4_literal(m_host.host);
  if (v4 || is_ipv6_literal(m_host.host)) {
    m_host.addresses.push_back(AddressRecord{m_host.host, 0, !v4});
    LookupInfo& used = v4 ? m_host.a : m_host.aaaa;
    LookupInfo& other = v4 ? m_host.aaaa : m_host.a;
    used = LookupInfo{LookupStatus::found, "IP literal, not looked up", {}, {}};
    other = LookupInfo{LookupStatus::nodata, "IP literal, not looked up", {}, {}};
    return;
  }
  m_todo = {{m_host.host, rr::a, 0}, {m_host.host, rr::aaaa, 0}};
  set_questions();
}

void
AddressChase::set_questions()
{
  m_questions.clear();
  for (const auto& c : m_todo) {
    m_questions.push_back({c.name, c.type});
  }
}

void
AddressChase::absorb(std::span<const Reply> replies)
{
  // Round 1: A and AAAA of the host. Later rounds: chase CNAME targets the
  // server did not resolve for us. Every chase has followed at least one
  // more hop, so with the chain limit there are at most k_max_cname_chain.
  std::vector<Chase> next;
  for (std::size_t k = 0; k < m_todo.size() && k < replies.size(); ++k) {
    const Chase& c = m_todo[k];
    (c.type == rr::a ? m_host.a : m_host.aaaa) = classify_reply(replies[k], c.type, c.name);
    const Absorbed got = absorb_addresses(m_host, c.name, replies[k], c.type, c.hops);
    if (got.limit_hit) {
      m_host.cname_limit_hit = true;
    } else if (got.chase) {
      next.push_back({*got.chase, c.type, c.hops + got.hops});
    }
  }
  ++m_round;
  m_todo = m_round <= limits::k_max_cname_chain ? std::move(next) : std::vector<Chase>{};
  set_questions();
}

HostAddresses
AddressChase::result() const
{
  HostAddresses host = m_host;
  // A lookup that ended with addresses counts as found even if it took hops.
  const bool has_v4 = std::any_of(host.addresses.begin(), host.addresses.end(), [](auto& a) { return !a.ipv6; });
  const bool has_v6 = std::any_of(host.addresses.begin(), host.addresses.end(), [](auto& a) { return a.ipv6; });
  // And one whose answer held only records of other names found nothing.
  for (auto [info, has] : {std::pair{&host.a, has_v4}, std::pair{&host.aaaa, has_v6}}) {
    if (has) {
      info->status = LookupStatus::found;
    } else if (info->status == LookupStatus::found) {
      info->status = LookupStatus::nodata;
      info->detail = "only records of other names (ignored)";
    }
  }
  // IPv4 first, each family in numeric order: a resolver that rotates its
  // answers (dnsmasq) must not change the report or which address is tried.
  std::stable_sort(host.addresses.begin(), host.addresses.end(), [](const AddressRecord& x, const AddressRecord& y) {
    return std::make_tuple(x.ipv6, address_bytes(x)) < std::make_tuple(y.ipv6, address_bytes(y));
  });
  return host;
}

std::string
no_address_reason(const HostAddresses& host)
{
  auto part = [](std::string_view kind, const LookupInfo& l) {
    return fmt::format("{} {}", kind, l.detail.empty() ? std::string(to_string(l.status)) : l.detail);
  };
  std::string out = fmt::format("{}; {}", part("A", host.a), part("AAAA", host.aaaa));
  if (host.cname_limit_hit) {
    out += fmt::format("; CNAME chain longer than {} hops", limits::k_max_cname_chain);
  }
  return out;
}

} // namespace sipsurv::dns
