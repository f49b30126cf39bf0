#pragma once

#include "core/model/model_input.hpp"
#include "core/model/scenario.hpp"
#include "core/util/error.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::model {

// The names a scenario step (or --assume-down) may target: every server of
// the phone's list and its addresses, then the backup; in list order.
std::vector<std::string> scenario_target_names(const ModelInput& in);

// Every step's target must be one of scenario_target_names, or a name a
// dns-add of the same steps publishes. The error (Errc::usage) names where
// the step came from ("ORIGIN:LINE: …" for a file's step, "ORIGIN TARGET: …"
// for a step without a line, such as --assume-down), the allowed names and
// the nearest one ("did you mean …?").
Result<void> check_scenario_targets(std::span<const Step> steps, const ModelInput& in, std::string_view origin);

} // namespace sipsurv::model
