#pragma once

#include "core/status/hysteresis.hpp"
#include "core/status/site_report.hpp"

#include <string>

namespace sipsurv::cli {

// Monitoring Plugins output: "SIPSURV OK - <domain> <STATE>: <reason>|perfdata",
// then one line per finding. The first word is status::outcome_of(s), the
// exit status too. Nothing from DNS or the network can put a '|' in the text
// (nagios_text). Perfdata, one label per probe (server or backup x address x
// transport, so a target with two addresses has two), then the site's:
//   'rtt_<target>_<port>_<transport>_<address>'=12.3ms;[--rtt-warning];[--rtt-critical];0;
//   'cert_days_<target>_<port>_<transport>_<address>'=364;<warn days>:;<critical days or 0>:;;
//   'probes_ok'=2;;;0;3
//   'outage_worst'=40.05s;[--warning];[--critical];0;   (U when unbounded)
//   'outage_best'=2.05s;;;0;
// (a backup's labels start rtt_backup_ / cert_days_backup_; the outage data
// are left out when the phone is on no server).
std::string render_nagios(const status::SiteSummary& s);

// What watch adds to its textfile: the site state under hysteresis (not the
// last round's raw verdict) and the round counts.
struct WatchProgress {
  const status::Hysteresis& hysteresis;
  unsigned rounds = 0;
};

// The Prometheus node-exporter textfile collector format (the Prometheus text
// format, with OpenMetrics' # UNIT lines and final # EOF): sipsurv_site_state,
// sipsurv_probe_up, sipsurv_probe_rtt_seconds,
// sipsurv_tls_cert_expiry_timestamp_seconds, sipsurv_findings,
// sipsurv_last_run_timestamp_seconds; with `watch`, sipsurv_site_state is the
// hysteresis state and sipsurv_watch_* give the round counts. Every name
// passes `promtool check metrics` (tests/cli/test_monitoring_formats.sh).
// `now_unix` is the run's time, for sipsurv_last_run_timestamp_seconds.
std::string render_openmetrics(const status::SiteSummary& s, long long now_unix, const WatchProgress* watch = nullptr);

} // namespace sipsurv::cli
