#pragma once

#include "core/model/timeline.hpp"
#include "core/settings/phone_settings.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::model {

// How the server in use fails.
enum class FailureKind {
  down,              // silent: no answer at all (host or network gone)
  unavailable,       // answers 503 (RFC 3263 §4.3: try the next server)
  connection_broken, // TLS fails: the connection is closed and new handshakes fail
};
std::string_view to_string(FailureKind k); // "down", "503", "tls-fails"

// Where the phone goes after noticing the failure.
enum class Fallback {
  next_server,         // another server of the list answers
  backup_registered,   // the backup, already registered in parallel: outgoing calls at once
  backup_unregistered, // the backup, registered only when needed (backup registration off)
  none,                // nothing: out of service until a server comes back
};

// One setting's share of the outage, for "which settings dominate".
struct OutagePart {
  std::string setting; // "response timer 32000 ms; 3700 ms is recommended for OpenScape Voice"
  Millis ms = 0;       // its contribution to the case it belongs to
};

// The window in which outgoing calls fail after the server in use fails,
// best and worst case over where in the check (or refresh) interval the
// failure falls. Durations in ms from the failure to working calls again.
struct OutageEstimate {
  FailureKind kind = FailureKind::down;
  Fallback fallback = Fallback::none;
  Millis best = 0;
  Millis worst = 0;
  bool unbounded = false;             // Fallback::none: calls fail until a server returns
  std::string noticed_best;           // how the phone notices it in the best case
  std::string noticed_worst;          // … and in the worst case
  std::vector<OutagePart> dominating; // largest first
  Rule rule;                          // what the noticing rests on
};

// The phone waits this long for the pong of a CRLF keep-alive before it
// treats the flow as failed (RFC 5626 §4.4.1).
inline constexpr Millis k_pong_wait_ms = 10000;

// Whether the connectivity check runs: a period is set and the link is
// connection-oriented (the manual describes it for TLS; sipsurv applies it
// to TCP too, where RFC 5626 keep-alives work the same way).
bool check_active(const PhoneSettings& s);

// The phone refreshes its registration when half the registration timer has
// run (assumption: common UA practice, the manual does not say).
Millis refresh_interval_ms(const PhoneSettings& s);

// Pure: the outage window for one failure kind and fallback. connect_ms and
// register_ms are the cost of moving to the next server (probe measures them).
OutageEstimate estimate_outage(const PhoneSettings& s, FailureKind kind, Fallback fallback, Millis connect_ms,
                               Millis register_ms);

// "32.000 s" style for summaries.
std::string seconds_text(Millis ms);

} // namespace sipsurv::model
