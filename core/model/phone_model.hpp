#pragma once

#include "core/model/live_summary.hpp"
#include "core/model/model_input.hpp"
#include "core/model/phone_machine.hpp"
#include "core/model/scenario.hpp"
#include "core/model/timeline.hpp"
#include "core/util/limits.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sipsurv::model {

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

// Run the phone (phone_machine.hpp, the profile settings.phone_model names)
// through `scenario` for `duration` ms. Pure and deterministic: the same
// input, scenario, duration and seed give the same result. Nothing happens
// after `duration`.
SimResult simulate(const ModelInput& input, const Scenario& scenario, Millis duration);

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
