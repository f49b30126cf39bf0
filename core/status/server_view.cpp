#include "core/status/server_view.hpp"

#include "core/probe/probe_types.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::status {
namespace {

// Best first: the order in which a target's addresses decide its reachability.
int
rank(Reachability r)
{
  switch (r) {
  case Reachability::healthy:
    return 0;
  case Reachability::alive:
    return 1;
  case Reachability::unavailable:
    return 2;
  case Reachability::unreachable:
    return 3;
  case Reachability::not_probed:
    break;
  }
  return 4;
}

std::string
detail_of(const ProbeRow& row)
{
  std::string where = row.address.empty() ? std::string() : fmt::format(" via {}", row.address);
  if (!row.cert_rejected.empty()) {
    return fmt::format("certificate rejected: {}{}", row.cert_rejected, where);
  }
  if (row.status) {
    return fmt::format("{} {}{}", *row.status, row.reason, where);
  }
  if (!row.error.empty()) {
    return fmt::format("{}: {}{}", row.state, row.error, where);
  }
  return row.state + where;
}

bool
register_rejected(const ProbeRow& row)
{
  return row.register_state == probe::to_string(probe::RegisterState::rejected);
}

// An address that answers OPTIONS but rejects REGISTER is no better for
// the phone than one answering 503: it moves on (ranked with 503).
int
rank_of(const ProbeRow& row)
{
  const Reachability r = reachability_of(row);
  return register_rejected(row) && rank(r) < 2 ? 2 : rank(r);
}

// Fold one probe row into a server's status, keeping the best address.
void
merge(ServerStatus& s, const ProbeRow& row)
{
  const Reachability r = reachability_of(row);
  if (s.reach == Reachability::not_probed || rank_of(row) < s.rank ||
      (rank_of(row) == s.rank && rank(r) < rank(s.reach))) {
    s.reach = r;
    s.rank = rank_of(row);
    s.detail = detail_of(row);
    s.cert_rejected = !row.cert_rejected.empty();
    s.register_rejected = register_rejected(row) && (r == Reachability::healthy || r == Reachability::alive);
    if (s.register_rejected) {
      s.detail = fmt::format("answers OPTIONS but rejects REGISTER: {} {}{}", row.register_status.value_or(0),
                             row.register_reason, row.address.empty() ? "" : " via " + row.address);
    }
  }
}

} // namespace

Reachability
reachability_of(const ProbeRow& row)
{
  if (row.state == probe::to_string(probe::ProbeState::not_probed)) {
    return Reachability::not_probed; // no slot before the deadline: unknown, not down
  }
  // The phone refuses the certificate, whatever the probe went on to see
  // (--insecure lets it send OPTIONS anyway).
  if (!row.status || !row.cert_rejected.empty()) {
    return Reachability::unreachable;
  }
  if (*row.status >= 200 && *row.status < 300) {
    return Reachability::healthy;
  }
  if (*row.status == 503) {
    return Reachability::unavailable;
  }
  // 1xx only: no final answer arrived, so no transaction would complete.
  return *row.status < 200 ? Reachability::unreachable : Reachability::alive;
}

std::vector<ServerStatus>
server_statuses(const dns::SiteDns& site, std::span<const ProbeRow> rows, std::string_view survivability_proxy)
{
  std::vector<ServerStatus> out;
  out.reserve(site.servers.size());
  for (const auto& entry : site.servers) {
    ServerStatus s;
    s.target = entry.target;
    s.port = entry.port;
    s.priority = entry.priority;
    s.is_survivability_proxy = !survivability_proxy.empty() && dns::same_name(entry.target, survivability_proxy);
    for (const auto& row : rows) {
      if (row.role == "server" && row.port == entry.port && row.transport == site.plan.transport &&
          dns::same_name(row.target, entry.target)) {
        merge(s, row);
      }
    }
    if (s.reach == Reachability::not_probed && entry.host != nullptr && entry.host->addresses.empty()) {
      s.reach = Reachability::unreachable;
      s.detail = "no address";
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<ServerStatus>
backup_status(std::span<const ProbeRow> rows)
{
  std::optional<ServerStatus> out;
  for (const auto& row : rows) {
    if (row.role != "backup") {
      continue;
    }
    if (!out) {
      out.emplace();
      out->target = row.target;
      out->port = row.port;
    }
    merge(*out, row);
  }
  return out;
}

model::ServerNow
server_now(const ServerStatus& s, std::span<const ProbeRow> rows)
{
  if (s.register_rejected) {
    return model::ServerNow::register_rejected;
  }
  switch (s.reach) {
  case Reachability::healthy:
  case Reachability::alive:
    return model::ServerNow::up;
  case Reachability::unavailable:
    return model::ServerNow::unavailable;
  case Reachability::not_probed:
    return model::ServerNow::unknown;
  case Reachability::unreachable:
    break;
  }
  // TCP connected but TLS failed: the phone sees a broken link, not silence.
  const bool tls_broke = std::any_of(rows.begin(), rows.end(), [&](const ProbeRow& r) {
    return dns::same_name(r.target, s.target) &&
      (r.state == "tls-failed" || r.state == "cert-invalid" || !r.cert_rejected.empty());
  });
  if (tls_broke) {
    return model::ServerNow::tls_fails;
  }
  // Refused (RST, ICMP) fails at once, unlike silence, which waits for a timer.
  const bool refused = std::any_of(rows.begin(), rows.end(), [&](const ProbeRow& r) {
    return dns::same_name(r.target, s.target) && r.state == "refused";
  });
  return refused ? model::ServerNow::refused : model::ServerNow::down;
}

} // namespace sipsurv::status
