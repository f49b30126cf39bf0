#pragma once

#include "core/model/model_input.hpp"
#include "core/model/outage_bounds.hpp"
#include "core/report/finding.hpp"

#include <vector>

namespace sipsurv::model {

// A worst-case outage longer than this is reported (SIM006).
inline constexpr Millis k_long_outage_ms = 60000;

// The SIM findings for a phone configuration and its server list; `outage`
// is the estimate for the server in use failing (none: not known), for
// SIM006. Pure; most severe first, then by ID.
std::vector<report::Finding> sim_findings(const ModelInput& in, const OutageEstimate* outage);

} // namespace sipsurv::model
