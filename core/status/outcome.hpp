#pragma once

#include "core/status/site_report.hpp"
#include "core/status/verdict.hpp"

namespace sipsurv::status {

// The Monitoring Plugins result of a check: the exit status of status and
// watch, and the first word of the Nagios line. One home, so the two never
// disagree (man sipsurv, SEVERITY and EXIT STATUS).
enum class Outcome { ok = 0, warning = 1, critical = 2, unknown = 3 };

// By the state alone: NORMAL ok; DEGRADED, FAILOVER, SURVIVABLE warning;
// BACKUP, DOWN critical; UNKNOWN unknown.
Outcome outcome_of(SiteState state);

// The worse of the state's outcome and the worst threshold breach; UNKNOWN
// stays UNKNOWN (nothing was judged, so no threshold was either).
Outcome outcome_of(const SiteSummary& summary);

} // namespace sipsurv::status
