#pragma once

// The best and worst outage when the server in use fails, obtained by
// running the phone's state machine (phone_machine.hpp) over the failure
// instants that matter, never by a formula of its own: the failure placed
// right before and right after each check tick and registration refresh that
// can notice it, with the random wait at its longest and at its shortest, and
// with and without a call placed right after the failure. The explanation
// ("dominated by") is the chain of waits of those runs.

#include "core/model/phone_machine.hpp"
#include "core/model/phone_profile.hpp"
#include "core/settings/phone_settings.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::model {

// How the server in use fails in the bounds' runs.
enum class FailureKind {
  down, // silent: no answer at all (host or network gone)
};
std::string_view to_string(FailureKind k); // "down"

// Where the phone went in the worst case.
enum class Fallback {
  next_server,         // another server of the list answers
  backup_registered,   // the backup, registered in parallel
  backup_unregistered, // the backup, without a registration (backup registration off or failing)
  none,                // nothing: out of service until a server comes back
};

// One wait's share of the outage, for "which settings dominate".
struct OutagePart {
  std::string setting; // "response timer 32000 ms; 3700 ms is recommended for OpenScape Voice"
  Millis ms = 0;       // its share of the worst case (0: advice only)
};

// Durations in ms from the failure until outgoing calls work again.
struct OutageEstimate {
  FailureKind kind = FailureKind::down;
  Fallback fallback = Fallback::none;
  Millis best = 0;
  Millis worst = 0;
  bool unbounded = false;             // calls fail until a server returns; best/worst: until noticed
  std::string noticed_best;           // how the phone notices it in the best case
  std::string noticed_worst;          // … and in the worst case
  std::vector<OutagePart> dominating; // largest first
  Rule rule;                          // what the noticing in the worst case rests on
  std::string next;                   // where the phone goes in the worst case: "host:port", "backup host:port", ""
  std::size_t runs = 0;               // how many machine runs the bounds took
};

// Whether the connectivity check runs: a period is set and the profile runs
// it on the transport (TLS; TCP too for both profiles, an assumption for
// openscape-cp; never on UDP).
bool check_active(const PhoneSettings& s, const PhoneProfile& p);

// When the registration is refreshed: the profile's share of the
// registration timer (half: an assumption, the manual does not say).
Millis refresh_interval_ms(const PhoneSettings& s, const PhoneProfile& p);

// How many phases of the refresh against the check's ticks the bounds try.
inline constexpr long long k_max_refresh_phases = 64;

// The bounds for `settled` (a started machine registered with the server it
// would fail from, at now()) when that server fails silently.
OutageEstimate outage_bounds(const PhoneMachine& settled, const ModelInput& in, const PhoneProfile& profile);

// "32.000 s" style for summaries.
std::string seconds_text(Millis ms);

} // namespace sipsurv::model
