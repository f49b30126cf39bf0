#pragma once

#include "core/model/live_summary.hpp"
#include "core/model/model_input.hpp"
#include "core/model/scenario.hpp"
#include "core/model/timeline.hpp"
#include "core/util/limits.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sipsurv::model {

// A stretch of time in which outgoing calls failed, as the simulation saw it.
struct OutageWindow {
  Millis from = 0;
  Millis to = 0;
  bool open = false; // still failing when the simulation ended
};

struct SimResult {
  Timeline events;
  std::string final_state;                    // where the phone is at the end, one sentence
  std::optional<std::string> registered_with; // "host:port" at the end
  bool on_backup = false;
  bool out_of_service = false;
  bool survivable_mode = false;
  std::vector<OutageWindow> outages; // measured on the timeline
  LiveSummary estimate;              // what if the server in use at the start fails: best/worst, findings
  bool event_limit_hit = false;
  Millis duration = 0;
};

inline constexpr std::size_t k_max_events = limits::k_max_model_events;
inline constexpr Millis k_min_refetch_ms = 10000; // TTLs under 10 s are treated as 10 s
inline constexpr Millis k_min_round_wait_ms = 1000;

// Run the phone through `scenario` for `duration` ms. Pure and deterministic:
// the same input, scenario, duration and seed give the same result.
SimResult simulate(const ModelInput& input, const Scenario& scenario, Millis duration);

// The world at the start (the scenario's steps at time 0) as a LiveState.
LiveState starting_state(const ModelInput& input, const Scenario& scenario);

// One single-server failure: `server` stops answering at `at`.
struct FailureRun {
  std::string server; // "host:port"
  Millis at = 0;
  SimResult result;
};

// Every single-server failure (--all-failures): for each server of the
// list, the scenario plus "AT down SERVER", simulated for `duration`.
std::vector<FailureRun> simulate_each_failure(const ModelInput& input, const Scenario& scenario, Millis at,
                                              Millis duration);

// When --all-failures makes a server fail: after the phone settled.
inline constexpr Millis k_each_failure_at = 60000;

} // namespace sipsurv::model
