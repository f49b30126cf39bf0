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
  up,            // the server answers again
  down,          // the server stops answering (silent)
  unavailable,   // the server answers 503 (keyword "503")
  tls_fail,      // TLS connections to the server break and handshakes fail
  link_lost,     // the survivability proxy loses its TLS link to the primary
  link_restored, // … and gets it back
  call,          // the user places an outgoing call (no target)
  dns_remove,    // the server is removed from the published SRV list
  dns_add,       // a server is added: PRIORITY WEIGHT PORT follow the target
};
std::string_view to_string(Action a); // the keyword

struct Step {
  Millis at = 0;
  Action action = Action::down;
  std::string target; // host as in the SRV list (or the backup); empty for "call"
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  std::size_t line = 0; // source line, 0 when made by the program

  bool operator==(const Step&) const = default;
};

// Timed events, sorted by time (stable: equal times keep file order).
struct Scenario {
  std::vector<Step> steps;
};

// The scenario file format, one event per line:
//
//   # comment (also after an event)
//   TIME ACTION [TARGET] [PRIORITY WEIGHT PORT]
//
//   TIME     from the start: 90 (seconds), 90s, 1500ms, 2m, 1h; decimals allowed (2.5s)
//   ACTION   up | down | 503 | tls-fail | link-lost | link-restored | call | dns-remove | dns-add
//   TARGET   a server's host name (SRV target or backup); none for "call"
//   dns-add  needs PRIORITY WEIGHT PORT after the target
//
//   0s    down          sip1.example.com
//   45s   call
//   120s  up            sip1.example.com
//   200s  dns-add       sip3.example.com 30 0 5061
//
// Errors name "FILE:LINE: …" and what is allowed (Errc::usage).
Result<Scenario> parse_scenario(std::string_view text, std::string_view file_name);

// "90s" → 90000; the same TIME syntax as the scenario file. Errors say what is allowed.
Result<Millis> parse_duration(std::string_view text);

inline constexpr std::size_t k_max_scenario_steps = limits::k_max_scenario_steps;
inline constexpr std::size_t k_max_scenario_line = limits::k_max_scenario_line;
inline constexpr Millis k_max_scenario_time = static_cast<Millis>(limits::k_max_scenario_time_ms); // one week

} // namespace sipsurv::model
