#include "cli/render/monitoring_render.hpp"

#include "cli/render/perfdata.hpp"
#include "core/status/outcome.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <map>
#include <set>
#include <vector>

namespace sipsurv::cli {
namespace {

using status::SiteState;

// What tells one probe from every other: role (for the backup), target,
// port, transport, address. A repeat of all five (the same probe twice)
// still gets its own label, with a counter.
std::vector<std::string>
perf_bases(const status::SiteSummary& s)
{
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& p : s.probes) {
    const std::string first =
      fmt::format("{}{}_{}_{}_{}", p.role == "server" ? "" : perf_label_piece(p.role) + "_", perf_label_piece(p.target),
                  p.port, to_string(p.transport), perf_label_piece(p.address.empty() ? "-" : p.address));
    std::string base = first;
    for (unsigned n = 2; seen.contains(base); ++n) {
      base = fmt::format("{}_{}", first, n);
    }
    seen.insert(base);
    out.push_back(base);
  }
  return out;
}

// OpenMetrics label values escape backslash, double quote and newline.
std::string
label_value(std::string_view s)
{
  std::string out;
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string
probe_labels(const status::SiteSummary& s, const status::ProbeRow& p)
{
  return fmt::format(R"(domain="{}",role="{}",target="{}",port="{}",address="{}",transport="{}")",
                     label_value(s.domain), label_value(p.role), label_value(p.target), p.port, label_value(p.address),
                     to_string(p.transport));
}

// # HELP, # TYPE (gauge: the text format's counters need a _total name that
// OpenMetrics' TYPE line must not have, and the textfile collector reads the
// text format) and, for a unit, # UNIT.
std::string
family(std::string_view name, std::string_view help, std::string_view unit = {})
{
  std::string out = fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
  if (!unit.empty()) {
    out += fmt::format("# UNIT {} {}\n", name, unit);
  }
  return out;
}

void
watch_families(std::string& out, const std::string& domain, const WatchProgress& w)
{
  const auto& h = w.hysteresis;
  out += family("sipsurv_watch_rounds", "Rounds this watch has run since it started.");
  out += fmt::format("sipsurv_watch_rounds{{domain=\"{}\"}} {}\n", domain, w.rounds);
  out += family("sipsurv_watch_state_changes", "Changes of the reported (hysteresis) site state since the start.");
  out += fmt::format("sipsurv_watch_state_changes{{domain=\"{}\"}} {}\n", domain, h.state_transitions());
  out += family("sipsurv_watch_target_up",
                "1 when the target counts as up under hysteresis (down after --down-after failed rounds in a row, "
                "up again after --up-after good ones).");
  for (const auto& [target, st] : h.stats()) {
    out += fmt::format("sipsurv_watch_target_up{{domain=\"{}\",target=\"{}\"}} {}\n", domain, label_value(target),
                       st.up ? 1 : 0);
  }
  out += family("sipsurv_watch_target_rounds", "Rounds in which the target was probed, by result (ok or failed).");
  for (const auto& [target, st] : h.stats()) {
    out += fmt::format("sipsurv_watch_target_rounds{{domain=\"{}\",target=\"{}\",result=\"ok\"}} {}\n", domain,
                       label_value(target), st.ok);
    out += fmt::format("sipsurv_watch_target_rounds{{domain=\"{}\",target=\"{}\",result=\"failed\"}} {}\n", domain,
                       label_value(target), st.rounds - st.ok);
  }
  out += family("sipsurv_watch_target_changes", "Up/down changes of the target under hysteresis since the start.");
  for (const auto& [target, st] : h.stats()) {
    out += fmt::format("sipsurv_watch_target_changes{{domain=\"{}\",target=\"{}\"}} {}\n", domain, label_value(target),
                       st.transitions);
  }
}

} // namespace

std::string
render_nagios(const status::SiteSummary& s)
{
  static constexpr std::array k_names{"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  const auto code = static_cast<std::size_t>(status::outcome_of(s));
  // The ranges as the user gave them; a certificate within its days alerts
  // ("30:" is "below 30"), an expired one (below 0) is critical by default.
  const auto text_of = [](const std::optional<status::Range>& r) { return r ? r->text : std::string(); };
  const std::string rtt_warn = text_of(s.rtt_warning);
  const std::string rtt_crit = text_of(s.rtt_critical);
  const std::string cert_warn = fmt::format("{}:", s.cert_warn_days);
  const std::string cert_crit = fmt::format("{}:", s.cert_critical_days.value_or(0));
  std::vector<PerfDatum> perf;
  const auto bases = perf_bases(s);
  std::size_t ok = 0;
  for (std::size_t i = 0; i < s.probes.size(); ++i) {
    const auto& p = s.probes[i];
    ok += p.state == "ok" ? 1U : 0U;
    if (p.rtt_ms) {
      perf.push_back({"rtt_" + bases[i], *p.rtt_ms, 1, "ms", rtt_warn, rtt_crit, 0.0, {}});
    }
    if (p.cert_days_left) {
      perf.push_back(
        {"cert_days_" + bases[i], static_cast<double>(*p.cert_days_left), 0, "", cert_warn, cert_crit, {}, {}});
    }
  }
  perf.push_back({"probes_ok", static_cast<double>(ok), 0, "", "", "", 0.0, static_cast<double>(s.probes.size())});
  if (s.worst_outage_s) {
    PerfDatum worst{
      "outage_worst", *s.worst_outage_s, 3, "s", text_of(s.outage_warning), text_of(s.outage_critical), 0.0, {}};
    worst.unknown = !std::isfinite(*s.worst_outage_s); // calls fail until a server returns
    perf.push_back(worst);
    if (s.best_outage_s && std::isfinite(*s.best_outage_s)) {
      perf.push_back({"outage_best", *s.best_outage_s, 3, "s", "", "", 0.0, {}});
    }
  }
  std::string out = fmt::format("SIPSURV {} - {} {}: {}|{}\n", k_names[code], nagios_text(s.domain),
                                to_string(s.verdict.state), nagios_text(s.verdict.reason), perfdata_text(perf));
  for (const auto& f : s.findings) {
    out += fmt::format("{} {}: {}\n", f.id, report::to_string(f.severity), nagios_text(f.message));
  }
  return out;
}

std::string
render_openmetrics(const status::SiteSummary& s, long long now_unix, const WatchProgress* watch)
{
  const std::string domain = label_value(s.domain);
  std::string out;
  // watch reports the state that held under hysteresis; one bad round is not a state.
  const SiteState state =
    watch != nullptr ? watch->hysteresis.reported().value_or(SiteState::unknown) : s.verdict.state;
  out += family("sipsurv_site_state",
                watch != nullptr ? "Survivability state of the site under the watch's hysteresis: 1 for the "
                                   "current state, 0 for the others."
                                 : "Survivability state of the site: 1 for the current state, 0 for the others.");
  for (SiteState st : {SiteState::normal, SiteState::degraded, SiteState::failover, SiteState::survivable,
                       SiteState::backup, SiteState::down, SiteState::unknown}) {
    out +=
      fmt::format("sipsurv_site_state{{domain=\"{}\",state=\"{}\"}} {}\n", domain, to_string(st), st == state ? 1 : 0);
  }
  out += family("sipsurv_probe_up", "1 when the server answered OPTIONS with 2xx (the last round).");
  for (const auto& p : s.probes) {
    out += fmt::format("sipsurv_probe_up{{{}}} {}\n", probe_labels(s, p), p.state == "ok" ? 1 : 0);
  }
  out += family("sipsurv_probe_rtt_seconds", "Time from the start of the probe to the SIP answer.", "seconds");
  for (const auto& p : s.probes) {
    if (p.rtt_ms) {
      out += fmt::format("sipsurv_probe_rtt_seconds{{{}}} {:.6f}\n", probe_labels(s, p), *p.rtt_ms / 1000.0);
    }
  }
  out += family("sipsurv_tls_cert_expiry_timestamp_seconds",
                "When the server's certificate expires (its notAfter), as a Unix time, like blackbox_exporter's "
                "probe_ssl_earliest_cert_expiry: alert on it minus time().",
                "seconds");
  for (const auto& p : s.probes) {
    if (p.cert_not_after_unix) {
      out +=
        fmt::format("sipsurv_tls_cert_expiry_timestamp_seconds{{{}}} {}\n", probe_labels(s, p), *p.cert_not_after_unix);
    }
  }
  std::map<report::Severity, int> counts{
    {report::Severity::info, 0}, {report::Severity::warning, 0}, {report::Severity::critical, 0}};
  for (const auto& f : s.findings) {
    ++counts[f.severity];
  }
  out += family("sipsurv_findings", "Findings of the last run by severity.");
  for (const auto& [sev, n] : counts) {
    out += fmt::format("sipsurv_findings{{domain=\"{}\",severity=\"{}\"}} {}\n", domain, report::to_string(sev), n);
  }
  if (watch != nullptr) {
    watch_families(out, domain, *watch);
  }
  out += family("sipsurv_last_run_timestamp_seconds", "When this report was made, as a Unix time.", "seconds");
  out += fmt::format("sipsurv_last_run_timestamp_seconds{{domain=\"{}\"}} {}\n", domain, now_unix);
  out += "# EOF\n";
  return out;
}

} // namespace sipsurv::cli
