#pragma once

#include "core/report/finding.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::status {

// The site's survivability state (SPEC.md "Verdict and findings").
enum class SiteState { normal, degraded, failover, survivable, backup, down, unknown };
std::string_view to_string(SiteState s); // "NORMAL", "DEGRADED", …

// What a probe of one server over the phone's transport showed, reduced to
// what the phone cares about.
enum class Reachability {
  healthy,     // answered 2xx
  alive,       // answered another final response (4xx/5xx other than 503): the SIP stack runs
  unavailable, // answered 503: RFC 3263 §4.3 says try the next server
  unreachable, // no SIP answer: refused, timeout, TLS or certificate failure
  not_probed,
};
std::string_view to_string(Reachability r);

// Whether the phone would register with a server that answered this way.
// assumption: a server answering 4xx to OPTIONS still accepts REGISTER.
constexpr bool
usable(Reachability r)
{
  return r == Reachability::healthy || r == Reachability::alive;
}

struct ServerStatus {
  std::string target; // as in the SRV record, or the host for a backup/direct server
  std::uint16_t port = 0;
  std::uint16_t priority = 0;
  bool is_survivability_proxy = false;
  Reachability reach = Reachability::not_probed;
  std::string detail;         // "timeout after 5000 ms", "503 Service Unavailable", …
  bool cert_rejected = false; // the phone refuses its certificate (detail says why)
  // It answers OPTIONS, but the registrar check's REGISTER was rejected
  // (detail says with what): the phone cannot register there.
  bool register_rejected = false;
  int rank = 4; // of the address kept (server_view.cpp): best first
};

// How the survivability proxy was found to behave (see survivability.hpp).
enum class ProxyMode {
  not_configured,
  relaying,    // the primary answers through the proxy: normal
  standing_in, // the proxy answers for the primary itself: survivable mode
  unreachable, // the proxy does not answer: phones go to the primary directly
  unknown,     // the evidence does not decide
};
std::string_view to_string(ProxyMode m);

struct VerdictInput {
  bool dns_answered = true;           // false: no DNS server answered at all
  std::vector<ServerStatus> servers;  // the phone's list, in priority order
  std::optional<ServerStatus> backup; // --backup-proxy, probed over --backup-transport
  bool phone_uses_tls = false;
  ProxyMode proxy = ProxyMode::not_configured;
  std::string proxy_evidence;        // how the proxy mode was inferred
  std::vector<std::string> accepted; // --accept: finding IDs that no longer change the state
  // Where the phone model says the phone registers: an index into servers,
  // or none (backup or out of service). check_site sets it from the model,
  // so the verdict and the report's Simulation section name the same server
  // by construction. Unset (no model run): the first usable server.
  std::optional<std::optional<std::size_t>> model_registers_with;
};

struct Verdict {
  SiteState state = SiteState::unknown;
  std::string reason;                    // one sentence: why this state
  std::optional<std::size_t> serving;    // index into servers the phone would register with
  std::vector<report::Finding> findings; // STA findings
};

// Pure: derive the state from what was measured, with the severity rules
// (report::moves_state): the servers the phone can register with decide
// NORMAL, FAILOVER, SURVIVABLE, BACKUP or DOWN; a finding that moves the
// state (warning or critical, not accepted) makes NORMAL DEGRADED.
// `other_moving` counts such findings outside the verdict's own (DNS, TLS,
// SIP, SIM). An accepted state finding (STA001-STA004) no longer sets the
// state either: the site is then judged on the rest.
Verdict derive_verdict(const VerdictInput& in, std::size_t other_moving);

} // namespace sipsurv::status
