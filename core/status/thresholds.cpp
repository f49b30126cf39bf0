#include "core/status/thresholds.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace sipsurv::status {
namespace {

void
raise(ThresholdResult& r, Level level)
{
  if (static_cast<int>(level) > static_cast<int>(r.level)) {
    r.level = level;
  }
}

// The level at which `value` breaches warning/critical, if any.
std::optional<Level>
breach(const std::optional<Range>& warning, const std::optional<Range>& critical, double value)
{
  if (critical && alerts(*critical, value)) {
    return Level::critical;
  }
  if (warning && alerts(*warning, value)) {
    return Level::warning;
  }
  return std::nullopt;
}

report::Finding
at_level(report::Finding f, Level level)
{
  f.severity = level == Level::critical ? report::Severity::critical : report::Severity::warning;
  return f;
}

std::string
label_of(const ProbeRow& row)
{
  return fmt::format("{}:{} ({}, {})", row.target, row.port, row.address, to_string(row.transport));
}

} // namespace

std::optional<double>
worst_outage_s(const model::LiveSummary& simulation)
{
  if (!simulation.if_current_fails) {
    return std::nullopt;
  }
  const auto& outage = simulation.if_current_fails->outage;
  if (outage.unbounded) {
    return std::numeric_limits<double>::infinity();
  }
  return static_cast<double>(outage.worst) / 1000.0;
}

ThresholdResult
check_thresholds(const Thresholds& t, std::span<const ProbeRow> probes, const model::LiveSummary& simulation)
{
  ThresholdResult r;
  if (const auto worst = worst_outage_s(simulation)) {
    if (const auto level = breach(t.outage_warning, t.outage_critical, *worst)) {
      const Range& range = *level == Level::critical ? *t.outage_critical : *t.outage_warning;
      const std::string figure =
        std::isinf(*worst) ? std::string("unbounded (no server to fail over to)") : fmt::format("{:.3f} s", *worst);
      r.findings.push_back(
        at_level(report::make_finding("STA008",
                                      fmt::format("If {} fails now, outgoing calls can fail for {}.",
                                                  simulation.if_current_fails->failed, figure),
                                      fmt::format("worst case {}; --{} {}", figure,
                                                  *level == Level::critical ? "critical" : "warning", range.text)),
                 *level));
      raise(r, *level);
    }
  }
  for (const auto& row : probes) {
    if (!row.rtt_ms) {
      continue;
    }
    if (const auto level = breach(t.rtt_warning, t.rtt_critical, *row.rtt_ms)) {
      const Range& range = *level == Level::critical ? *t.rtt_critical : *t.rtt_warning;
      r.findings.push_back(
        at_level(report::make_finding("STA009", fmt::format("{} answers in {:.1f} ms.", label_of(row), *row.rtt_ms),
                                      fmt::format("round trip {:.1f} ms; --rtt-{} {}", *row.rtt_ms,
                                                  *level == Level::critical ? "critical" : "warning", range.text)),
                 *level));
      raise(r, *level);
    }
  }
  if (t.cert_critical_days) {
    for (const auto& row : probes) {
      if (row.cert_days_left && *row.cert_days_left >= 0 && *row.cert_days_left <= *t.cert_critical_days) {
        r.findings.push_back(report::make_finding(
          "TLS009", fmt::format("The certificate of {} expires in {} day(s).", label_of(row), *row.cert_days_left),
          fmt::format("{} day(s) left; --cert-critical-days {}", *row.cert_days_left, *t.cert_critical_days)));
        raise(r, Level::critical);
      }
    }
  }
  return r;
}

} // namespace sipsurv::status
