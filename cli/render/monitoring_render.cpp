#include "cli/render/monitoring_render.hpp"

#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

namespace sipsurv::cli {
namespace {

using status::SiteState;

// Perfdata labels: no '=' or quote characters; keep [A-Za-z0-9_.-] only.
std::string
perf_label(std::string_view s)
{
  std::string out;
  for (char c : s) {
    const bool ok =
      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    out += ok ? c : '_';
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

} // namespace

int
nagios_code(SiteState state)
{
  switch (state) {
  case SiteState::normal:
    return 0;
  case SiteState::degraded:
  case SiteState::failover:
  case SiteState::survivable:
    return 1;
  case SiteState::backup:
  case SiteState::down:
    return 2;
  case SiteState::unknown:
    break;
  }
  return 3;
}

std::string
render_nagios(const status::SiteSummary& s)
{
  static constexpr std::array k_names{"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  const int code = nagios_code(s.verdict.state);
  std::string perf;
  for (const auto& p : s.probes) {
    const std::string base = perf_label(fmt::format("{}_{}_{}", p.target, p.port, to_string(p.transport)));
    if (p.rtt_ms) {
      perf += fmt::format(" 'rtt_{}'={:.1f}ms;;;0;", base, *p.rtt_ms);
    }
    if (p.cert_days_left) {
      perf += fmt::format(" 'cert_days_{}'={};{}:;0:;;", perf_label(fmt::format("{}_{}", p.target, p.port)),
                          *p.cert_days_left, s.cert_warn_days);
    }
  }
  std::size_t ok = 0;
  for (const auto& p : s.probes) {
    ok += p.state == "ok" ? 1U : 0U;
  }
  perf += fmt::format(" 'probes_ok'={};;;0;{}", ok, s.probes.size());
  std::string out =
    fmt::format("SIPSURV {} - {} {}: {}|{}\n", k_names[static_cast<std::size_t>(code)], escape_for_terminal(s.domain),
                to_string(s.verdict.state), escape_for_terminal(s.verdict.reason), perf.substr(1));
  for (const auto& f : s.findings) {
    out += fmt::format("{} {}: {}\n", f.id, report::to_string(f.severity), escape_for_terminal(f.message));
  }
  return out;
}

std::string
render_openmetrics(const status::SiteSummary& s, long long now_unix)
{
  std::string out;
  out += "# HELP sipsurv_site_state Survivability state of the site: 1 for the current state, 0 for the others.\n";
  out += "# TYPE sipsurv_site_state gauge\n";
  for (SiteState st : {SiteState::normal, SiteState::degraded, SiteState::failover, SiteState::survivable,
                       SiteState::backup, SiteState::down, SiteState::unknown}) {
    out += fmt::format("sipsurv_site_state{{domain=\"{}\",state=\"{}\"}} {}\n", label_value(s.domain), to_string(st),
                       st == s.verdict.state ? 1 : 0);
  }
  out += "# HELP sipsurv_probe_up 1 when the server answered OPTIONS with 2xx.\n";
  out += "# TYPE sipsurv_probe_up gauge\n";
  for (const auto& p : s.probes) {
    out += fmt::format("sipsurv_probe_up{{{}}} {}\n", probe_labels(s, p), p.state == "ok" ? 1 : 0);
  }
  out += "# HELP sipsurv_probe_rtt_seconds Time from the start of the probe to the SIP answer.\n";
  out += "# TYPE sipsurv_probe_rtt_seconds gauge\n";
  out += "# UNIT sipsurv_probe_rtt_seconds seconds\n";
  for (const auto& p : s.probes) {
    if (p.rtt_ms) {
      out += fmt::format("sipsurv_probe_rtt_seconds{{{}}} {:.6f}\n", probe_labels(s, p), *p.rtt_ms / 1000.0);
    }
  }
  out += "# HELP sipsurv_tls_cert_days_left Days until the server certificate expires (negative: expired).\n";
  out += "# TYPE sipsurv_tls_cert_days_left gauge\n";
  for (const auto& p : s.probes) {
    if (p.cert_days_left) {
      out += fmt::format("sipsurv_tls_cert_days_left{{{}}} {}\n", probe_labels(s, p), *p.cert_days_left);
    }
  }
  std::map<report::Severity, int> counts{
    {report::Severity::info, 0}, {report::Severity::warning, 0}, {report::Severity::critical, 0}};
  for (const auto& f : s.findings) {
    ++counts[f.severity];
  }
  out += "# HELP sipsurv_findings Findings of the last run by severity.\n";
  out += "# TYPE sipsurv_findings gauge\n";
  for (const auto& [sev, n] : counts) {
    out += fmt::format("sipsurv_findings{{domain=\"{}\",severity=\"{}\"}} {}\n", label_value(s.domain),
                       report::to_string(sev), n);
  }
  out += "# HELP sipsurv_last_run_timestamp_seconds When this report was made.\n";
  out += "# TYPE sipsurv_last_run_timestamp_seconds gauge\n";
  out += "# UNIT sipsurv_last_run_timestamp_seconds seconds\n";
  out += fmt::format("sipsurv_last_run_timestamp_seconds{{domain=\"{}\"}} {}\n", label_value(s.domain), now_unix);
  out += "# EOF\n";
  return out;
}

} // namespace sipsurv::cli
