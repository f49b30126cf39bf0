#pragma once

#include "core/status/site_report.hpp"

#include <string>

namespace sipsurv::cli {

// Monitoring Plugins output: "SIPSURV OK - …|perfdata", then one line per
// finding. Perfdata per probe: 'rtt_<target>_<port>_<transport>'=12.3ms;;;0;
// and 'cert_days_<target>_<port>'=364;30:;0:;; (warn below --cert-warn-days,
// critical once expired).
std::string render_nagios(const status::SiteSummary& s);

// The Prometheus node-exporter textfile collector format (OpenMetrics text):
// sipsurv_site_state, sipsurv_probe_up, sipsurv_probe_rtt_seconds,
// sipsurv_tls_cert_days_left, sipsurv_findings, ending with "# EOF".
// `now_unix` is the run's time, for sipsurv_last_run_timestamp_seconds.
std::string render_openmetrics(const status::SiteSummary& s, long long now_unix);

// Nagios service state for a site state: OK 0, WARNING 1, CRITICAL 2, UNKNOWN 3.
int nagios_code(status::SiteState state);

} // namespace sipsurv::cli
