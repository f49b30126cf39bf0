#pragma once

#include "core/model/timeline.hpp"
#include "core/util/error.hpp"
#include "core/util/limits.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::model {

// What a scenario line makes happen.
enum class Action {
  up,              // the server answers again ("comes back")
  down,            // the server stops answering (silent)
  refuse,          // the server refuses connections (TCP RST, ICMP port unreachable)
  unavailable,     // the server answers 503 (keyword "503"), optionally with Retry-After
  tls_fail,        // TLS connections to the server break and handshakes fail
  register_reject, // the server answers OPTIONS and INVITE but rejects REGISTER with CODE
  link_lost,       // the survivability proxy loses its TLS link to the primary
  link_restored,   // … and gets it back
  call,            // the user places an outgoing call (no target), optionally held for a time
  dns_remove,      // the server is removed from the published SRV list
  dns_add,         // a server is added: PRIORITY WEIGHT PORT follow the target
};
std::string_view to_string(Action a); // the keyword

struct Step {
  Millis at = 0;
  Action action = Action::down;
  std::string target; // host as in the SRV list (or the backup), or one of its addresses; empty for "call"
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  int code = 0;           // register-reject: the status code
  Millis retry_after = 0; // 503: the Retry-After, 0 = none
  Millis hold = 0;        // call: how long it stays in progress once answered, 0 = not held
  std::size_t line = 0;   // source line, 0 when made by the program
  // Made from a probe (live simulate, status): the world as measured, not
  // as a scenario wrote it; `evidence` is what the probe saw.
  bool probed = false;
  std::string evidence = {};

  bool operator==(const Step&) const = default;
};

// Timed events, sorted by time (stable: equal times keep file order).
struct Scenario {
  std::vector<Step> steps;
};

// The scenario file format, one event per line:
//
//   # comment (also after an event)
//   TIME ACTION [TARGET] [ARGUMENTS]
//
//   TIME             from the start: 90 (seconds), 90s, 1500ms, 2m, 1h; decimals allowed (2.5s)
//   TARGET           a server's host name (SRV target or backup), or one of its addresses
//                    (then only that address is affected; the phone tries a target's
//                    addresses in turn); none for "call"
//
//   up TARGET                      answers again (comes back)
//   down TARGET                    silent: requests time out (the phone's timers notice)
//   refuse TARGET                  refuses connections (TCP RST / ICMP): requests fail at once
//   503 TARGET [retry-after=SECS]  answers every request 503; Retry-After keeps it out that long
//   tls-fail TARGET                TLS connections close and handshakes fail
//   register-reject TARGET CODE    answers OPTIONS and INVITE, rejects REGISTER with CODE
//                                  (400-699, not 401/407 (challenges) or 503 (use "503"))
//   link-lost TARGET               the survivability proxy loses its link to the primary
//   link-restored TARGET           … and gets it back
//   call [HOLD]                    an outgoing call; HOLD (a TIME) keeps it in progress that long
//   dns-remove TARGET              removed from the published SRV list (reaches the phone at the TTL)
//   dns-add TARGET PRIO WEIGHT PORT  added to the published SRV list
//
//   0s    down             sip1.example.com
//   45s   call             3m
//   60s   503              sip2.example.com retry-after=120
//   90s   register-reject  sip3.example.com 403
//   120s  up               sip1.example.com
//   200s  dns-add          sip4.example.com 30 0 5061
//
// Errors name "FILE:LINE: …" and what is allowed (Errc::usage). Whether a
// TARGET is one of the phone's servers is checked against the model's input
// by check_scenario_targets (scenario_targets.hpp).
Result<Scenario> parse_scenario(std::string_view text, std::string_view file_name);

// "90s" → 90000; the same TIME syntax as the scenario file. Errors say what is allowed.
Result<Millis> parse_duration(std::string_view text);

inline constexpr std::size_t k_max_scenario_steps = limits::k_max_scenario_steps;
inline constexpr std::size_t k_max_scenario_line = limits::k_max_scenario_line;
inline constexpr Millis k_max_scenario_time = static_cast<Millis>(limits::k_max_scenario_time_ms); // one week

} // namespace sipsurv::model
