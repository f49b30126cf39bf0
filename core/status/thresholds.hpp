#pragma once

#include "core/model/live_summary.hpp"
#include "core/report/finding.hpp"
#include "core/status/site_report.hpp"
#include "core/status/threshold.hpp"

#include <optional>
#include <vector>

namespace sipsurv::status {

// What monitoring alerts on (--warning/--critical and friends). Each breach
// is a finding; a critical breach makes the exit status CRITICAL whatever
// the state (man sipsurv, SEVERITY).
struct Thresholds {
  std::optional<Range> outage_warning; // simulated worst-case outage, seconds
  std::optional<Range> outage_critical;
  std::optional<Range> rtt_warning; // SIP round-trip time of each probe, ms
  std::optional<Range> rtt_critical;
  std::optional<long> cert_critical_days; // a certificate expiring within this many days
};

enum class Level { ok, warning, critical };

struct ThresholdResult {
  Level level = Level::ok;
  std::vector<report::Finding> findings; // STA008, STA009, TLS009
};

// The simulated worst-case outage in seconds: the figure -w/-c judge and
// perfdata carries. None when the phone is on no server (nothing to lose)
// or the outage is unbounded (calls fail until a server returns: +inf).
std::optional<double> worst_outage_s(const model::LiveSummary& simulation);

// Pure: the breaches of `t` by the probes and the simulation.
ThresholdResult check_thresholds(const Thresholds& t, std::span<const ProbeRow> probes,
                                 const model::LiveSummary& simulation);

} // namespace sipsurv::status
