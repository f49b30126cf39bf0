#pragma once

#include "core/dns/site_dns.hpp"
#include "core/model/live_summary.hpp"
#include "core/status/site_report.hpp"
#include "core/status/verdict.hpp"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace sipsurv::status {

// How the phone would see one probe's answer (SPEC.md "Probing rules"): 2xx
// healthy; 503 a failover trigger (RFC 3263 §4.3); any other final answer
// means the SIP stack is alive; no answer at all: unreachable.
Reachability reachability_of(const ProbeRow& row);

// The phone's server list with what the probes of its transport showed.
// A target with several addresses counts as its best-answering address.
// assumption: the phone tries a target's next address before the next
// target, as RFC 3263 §4.2 lets a client do. Rows with role "server" only.
std::vector<ServerStatus> server_statuses(const dns::SiteDns& site, std::span<const ProbeRow> rows,
                                          std::string_view survivability_proxy);

// The backup server as probed over its transport (rows with role "backup");
// none when no backup is configured.
std::optional<ServerStatus> backup_status(std::span<const ProbeRow> rows);

// What the phone model should assume of a server now: up, down (silent),
// refused, 503, or TLS failing (TCP connected but the handshake or
// certificate failed), or register_rejected: it answers OPTIONS, but its
// best address rejected the registrar check's REGISTER.
model::ServerNow server_now(const ServerStatus& s, std::span<const ProbeRow> rows);

} // namespace sipsurv::status
