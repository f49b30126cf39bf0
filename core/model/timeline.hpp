#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::model {

// Milliseconds since the start of a simulation. Time is an input of the
// model, never read from a clock.
using Millis = std::int64_t;

// A phone setting's duration as model time.
constexpr Millis
ms_of(std::chrono::milliseconds d)
{
  return static_cast<Millis>(d.count());
}

constexpr Millis
ms_of(std::chrono::seconds d)
{
  return static_cast<Millis>(d.count()) * 1000;
}

// How far to trust a step: the phone's documentation says so, an RFC decides
// where the documentation is silent, or sipsurv assumes it (PHONE-MODEL.md).
// `input` marks what the scenario made happen (not a decision of the phone),
// `probed` what a probe measured (live simulate's start).
enum class Basis { manual, rfc, assumption, input, probed };
std::string_view to_string(Basis b); // "manual", "RFC", "assumption", "scenario", "probed"

struct Rule {
  Basis basis = Basis::assumption;
  std::string source; // "Connectivity check", "RFC 3263 §4.3", or what is assumed

  bool operator==(const Rule&) const = default;
};

// "manual: Connectivity check", "RFC 3263 §4.3", "assumption: …".
std::string rule_label(const Rule& r);

Rule manual(std::string section);
Rule rfc(std::string section);
Rule assumed(std::string what);
Rule scenario_input();
Rule probed_input(std::string evidence); // what the probe saw, "" when nothing to add

enum class EventKind {
  scenario,        // the world changed (a server went down, came back, DNS changed)
  dns_fetch,       // the phone fetched the SRV list
  connect,         // TCP/TLS connection set up
  connect_failed,  // TCP/TLS connection or handshake failed
  registered,      // REGISTER answered 2xx
  register_failed, // REGISTER timed out or was refused
  check_ok,        // connectivity check passed
  check_failed,    // connectivity check failed
  call,            // an outgoing call placed
  call_failed,     // an outgoing call failed
  failure_noticed, // the phone presumes the server in use dead
  next_server,     // the phone tries the next server of its list
  backup,          // backup registration or backup used for outgoing calls
  backoff,         // waiting a random time before registering again
  failback,        // back to a higher-priority server
  survivable,      // the survivability proxy changed mode
  out_of_service,  // no server carries calls
  note,            // anything else worth knowing (limits, ignored inputs)
};
std::string_view to_string(EventKind k); // "dns-fetch", "failure-noticed", …

struct Event {
  Millis at = 0;
  EventKind kind = EventKind::note;
  std::string server; // the server concerned, empty if none
  std::string text;   // one sentence
  Rule rule;

  bool operator==(const Event&) const = default;
};

using Timeline = std::vector<Event>;

// "+12.300s" (and "-…" for negative times, which the model never produces).
std::string relative_time(Millis at);

} // namespace sipsurv::model
