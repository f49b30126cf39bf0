#include "core/status/site_check.hpp"

#include "core/probe/probe_findings.hpp"
#include "core/probe/probe_plan.hpp"
#include "core/status/cert_rejection.hpp"
#include "core/status/server_view.hpp"
#include "core/status/survivability.hpp"
#include "core/util/ip_literal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sipsurv::status {
namespace {

const dns::ServerEntry*
find_entry(const dns::SiteDns& site, std::string_view target)
{
  const auto it = std::find_if(site.servers.begin(), site.servers.end(),
                               [&](const dns::ServerEntry& e) { return dns::same_name(e.target, target); });
  return it == site.servers.end() ? nullptr : &*it;
}

model::LiveSummary
simulate_now(const PhoneSettings& settings, const dns::SiteDns& site, std::uint64_t seed,
             const std::vector<ServerStatus>& servers, const std::optional<ServerStatus>& backup,
             std::span<const ProbeRow> rows, std::span<const probe::ProbeResult> results, ProxyMode proxy)
{
  model::ModelInput in = model::make_model_input(settings, site, seed);
  const model::LiveState now = live_state(in, servers, backup, rows, proxy);
  if (!in.servers.empty()) {
    if (auto ms = measured_connect_ms(results, in.servers.front().target)) {
      in.connect_ms = *ms;
    }
  }
  return model::summarize_live(in, now, false);
}

// The findings that move the site's state (report::moves_state).
std::size_t
moving_in(std::span<const report::Finding> findings)
{
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(), report::moves_state));
}

// The first list server whose direct answer carries the indicator: a proxy
// that announces its survivable mode.
std::string
detect_proxy(const dns::SiteDns& site, std::span<const probe::ProbeResult> results, const std::string& indicator)
{
  if (indicator.empty() || site.servers.size() < 2) {
    return {};
  }
  for (const auto& r : results) {
    if (r.spec.role != "server" || !r.response) {
      continue;
    }
    for (const auto& line : r.response->header_lines) {
      if (line.find(indicator) != std::string::npos) {
        return r.spec.target;
      }
    }
    if (r.response->reason.find(indicator) != std::string::npos) {
      return r.spec.target;
    }
  }
  return {};
}

} // namespace

std::vector<probe::ProbeSpec>
status_probe_specs(const dns::SiteDns& site, const PhoneSettings& settings, probe::SniChoice sni)
{
  probe::PlanChoice choice;
  choice.transports = {site.plan.transport};
  choice.sni = sni;
  std::vector<probe::ProbeSpec> specs = probe::plan_from_site(site, choice);
  for (auto& s : specs) {
    s.role = "server";
  }
  if (settings.backup_proxy) {
    probe::ProbeSpec b;
    b.target = settings.backup_proxy->host;
    b.port = effective_backup_port(*settings.backup_proxy);
    b.address = is_ip_literal(b.target) ? b.target : std::string();
    b.transport = settings.backup_transport;
    b.sip_domain = site.plan.domain;
    b.sni = sni;
    b.role = "backup";
    specs.push_back(std::move(b));
  }
  return specs;
}

std::vector<probe::ProbeSpec>
proxy_trace_specs(const dns::SiteDns& site, std::string_view proxy_target, probe::SniChoice sni)
{
  const dns::ServerEntry* proxy = find_entry(site, proxy_target);
  const auto primary = std::find_if(site.servers.begin(), site.servers.end(),
                                    [&](const dns::ServerEntry& e) { return !dns::same_name(e.target, proxy_target); });
  if (proxy == nullptr || proxy->host == nullptr || proxy->host->addresses.empty() || primary == site.servers.end()) {
    return {};
  }
  const Transport t = site.plan.transport;
  std::vector<probe::ProbeSpec> specs;
  for (unsigned mf = 0; mf <= 2; ++mf) {
    probe::ProbeSpec s;
    s.target = proxy->target;
    s.port = proxy->port;
    s.address = proxy->host->addresses.front().address;
    s.transport = t;
    s.sip_domain = site.plan.domain;
    s.sni = sni;
    s.request_uri = fmt::format("{}:{}:{}", t == Transport::tls ? "sips" : "sip", primary->target, primary->port);
    s.max_forwards = mf;
    s.role = "proxy-hop";
    specs.push_back(std::move(s));
  }
  return specs;
}

model::LiveState
live_state(const model::ModelInput& in, std::span<const ServerStatus> servers,
           const std::optional<ServerStatus>& backup, std::span<const ProbeRow> rows, ProxyMode proxy)
{
  model::LiveState now;
  for (const auto& s : in.servers) {
    const auto it = std::find_if(servers.begin(), servers.end(),
                                 [&](const ServerStatus& st) { return dns::same_name(st.target, s.target); });
    now.servers.push_back(it == servers.end() ? model::ServerNow::unknown : server_now(*it, rows));
    now.evidence.push_back(it == servers.end() ? std::string() : it->detail);
  }
  if (backup) {
    now.backup = server_now(*backup, rows);
    now.backup_evidence = backup->detail;
  }
  now.proxy_link_lost = proxy == ProxyMode::standing_in;
  return now;
}

ProbeRow
to_row(const probe::ProbeResult& r, model::CertIdentity identity)
{
  ProbeRow row;
  row.role = r.spec.role;
  row.target = r.spec.target;
  row.port = r.spec.port;
  row.address = r.address.empty() ? r.spec.address : r.address;
  row.transport = r.spec.transport;
  row.state = std::string(probe::to_string(r.state));
  if (r.response) {
    row.status = r.response->status;
    row.reason = r.response->reason;
  }
  if (probe::answered(r.state)) {
    row.rtt_ms = r.timings.total_ms;
  }
  if (r.tls) {
    row.cert_days_left = r.tls->days_left;
    row.cert_sans_truncated = !r.tls->chain.empty() && r.tls->chain.front().sans_truncated;
    if (!r.tls->chain.empty()) {
      row.cert_not_after_unix = r.tls->chain.front().not_after.time_since_epoch().count();
    }
    if (r.spec.transport == Transport::tls) {
      row.cert_rejected = phone_rejects_certificate(*r.tls, identity);
    }
  }
  row.error = r.error;
  if (r.registrar) {
    row.register_state = std::string(probe::to_string(r.registrar->state));
    row.register_status = r.registrar->status;
    row.register_reason = r.registrar->reason;
    row.register_error = r.registrar->error;
  }
  return row;
}

std::optional<model::Millis>
measured_connect_ms(std::span<const probe::ProbeResult> results, std::string_view target)
{
  for (const auto& r : results) {
    if (r.spec.role == "server" && dns::same_name(r.spec.target, target) && probe::answered(r.state)) {
      const double ms = r.timings.connect_ms.value_or(0) + r.timings.tls_ms.value_or(0);
      return static_cast<model::Millis>(std::lround(ms));
    }
  }
  return std::nullopt;
}

ProxyEvidence
proxy_evidence(std::span<const probe::ProbeResult> hops, std::string indicator)
{
  ProxyEvidence ev;
  ev.indicator = std::move(indicator);
  for (const auto& h : hops) {
    HopAnswer a;
    a.max_forwards = static_cast<int>(h.spec.max_forwards);
    if (h.response) {
      a.status = h.response->status;
      a.reason = h.response->reason;
      a.server = h.response->server;
      a.user_agent = h.response->user_agent;
      a.headers = h.response->header_lines;
    }
    ev.hops.push_back(std::move(a));
  }
  return ev;
}

Result<SiteCheck>
check_site(const PhoneSettings& settings, const dns::ResolvePlan& plan, dns::Resolver& resolver, const ProbeRunner& run,
           const CheckOptions& options)
{
  SiteCheck check;
  check.simulation.phone_model = std::string(model::profile_for(settings.phone_model).name);
  check.dns = dns::resolve_site(settings, plan, resolver, options.seed, options.probe.deadline);
  SiteSummary& sum = check.summary;
  sum.domain = plan.domain.empty() ? plan.direct_host : plan.domain;
  sum.cert_warn_days = options.cert_warn_days;

  if (dns::dns_outcome(check.dns) == dns::DnsOutcome::no_answer) {
    VerdictInput in;
    in.dns_answered = false;
    sum.verdict = derive_verdict(in, 0);
    sum.findings = check.dns.findings;
    report::mark_accepted(sum.findings, settings.accepted_findings);
    // No list, so no proxy traced: a configured one is unknown, none is none.
    check.proxy_target = settings.survivability_proxy;
    sum.proxy.mode = check.proxy_target.empty() ? ProxyMode::not_configured : ProxyMode::unknown;
    if (!check.proxy_target.empty()) {
      sum.proxy.evidence = "no DNS server answered: the proxy was not traced";
    }
    return check;
  }

  check.proxy_target = settings.survivability_proxy;
  std::vector<probe::ProbeSpec> specs = status_probe_specs(check.dns, settings, options.sni);
  const std::size_t probe_count = specs.size();
  if (!check.proxy_target.empty()) {
    auto trace = proxy_trace_specs(check.dns, check.proxy_target, options.sni);
    specs.insert(specs.end(), trace.begin(), trace.end());
  }
  auto results = run(specs);
  if (!results) {
    return std::unexpected(results.error());
  }
  check.probes.assign(results->begin(), results->begin() + static_cast<std::ptrdiff_t>(probe_count));
  check.proxy_hops.assign(results->begin() + static_cast<std::ptrdiff_t>(probe_count), results->end());

  if (check.proxy_target.empty()) {
    check.proxy_target = detect_proxy(check.dns, check.probes, options.survivable_indicator);
    if (!check.proxy_target.empty()) {
      check.proxy_detected = true;
      auto hops = run(proxy_trace_specs(check.dns, check.proxy_target, options.sni));
      if (!hops) {
        return std::unexpected(hops.error());
      }
      check.proxy_hops = std::move(*hops);
    }
  }

  const model::CertIdentity identity = model::profile_for(settings.phone_model).cert_identity;
  for (const auto& r : check.probes) {
    sum.probes.push_back(to_row(r, identity));
  }
  if (check.proxy_target.empty()) {
    sum.proxy.mode = ProxyMode::not_configured;
  } else if (check.proxy_hops.empty()) {
    sum.proxy.mode = ProxyMode::unknown;
    sum.proxy.evidence = fmt::format("{} is not in the phone's list with an address, or the list has no server "
                                     "behind it to trace toward",
                                     check.proxy_target);
  } else {
    ProxyEvidence ev = proxy_evidence(check.proxy_hops, options.survivable_indicator);
    sum.proxy = infer_proxy_mode(ev);
    if (check.proxy_detected) {
      sum.proxy.evidence = fmt::format("{} detected as the survivability proxy by the indicator \"{}\"; {}",
                                       check.proxy_target, options.survivable_indicator, sum.proxy.evidence);
    }
  }

  const auto servers = server_statuses(check.dns, sum.probes, check.proxy_target);
  const auto backup = backup_status(sum.probes);
  check.simulation =
    simulate_now(settings, check.dns, options.seed, servers, backup, sum.probes, check.probes, sum.proxy.mode);

  std::vector<report::Finding> other = check.dns.findings;
  const auto probe_findings = probe::derive_probe_findings(check.probes, std::chrono::days(options.cert_warn_days));
  other.insert(other.end(), probe_findings.begin(), probe_findings.end());
  other.insert(other.end(), check.simulation.findings.begin(), check.simulation.findings.end());
  const Thresholds& t = options.thresholds;
  const ThresholdResult breaches = check_thresholds(t, sum.probes, check.simulation);
  other.insert(other.end(), breaches.findings.begin(), breaches.findings.end());
  sum.threshold_level = static_cast<int>(breaches.level);
  sum.worst_outage_s = worst_outage_s(check.simulation);
  if (check.simulation.if_current_fails && !check.simulation.if_current_fails->outage.unbounded) {
    sum.best_outage_s = static_cast<double>(check.simulation.if_current_fails->outage.best) / 1000.0;
  }
  sum.outage_warning = t.outage_warning;
  sum.outage_critical = t.outage_critical;
  sum.rtt_warning = t.rtt_warning;
  sum.rtt_critical = t.rtt_critical;
  sum.cert_critical_days = t.cert_critical_days;

  VerdictInput in;
  in.servers = servers;
  in.backup = backup;
  in.phone_uses_tls = check.dns.plan.transport == Transport::tls;
  in.proxy = sum.proxy.mode;
  in.proxy_evidence = sum.proxy.evidence;
  in.accepted = settings.accepted_findings;
  in.model_registers_with = check.simulation.registered;
  report::mark_accepted(other, settings.accepted_findings);
  sum.verdict = derive_verdict(in, moving_in(other));

  sum.findings = sum.verdict.findings;
  sum.findings.insert(sum.findings.end(), other.begin(), other.end());
  std::stable_sort(sum.findings.begin(), sum.findings.end(), [](const report::Finding& a, const report::Finding& b) {
    return static_cast<int>(a.severity) > static_cast<int>(b.severity);
  });
  return check;
}

} // namespace sipsurv::status
