#pragma once

// One status round: resolve the site as the phone does, probe every server of
// the phone's list (and the backup over its own transport), trace through the
// survivability proxy, run the phone model on what answered, and derive the
// verdict.
//
//   status::CheckOptions options;              // probe options, seed, indicator
//   auto run = [&](const auto& specs) { return probe::run_probes(specs, options.probe); };
//   status::SiteCheck check = status::check_site(settings, plan, resolver, run, options);
//   // check.summary.verdict.state, check.summary.findings, check.simulation.where
//
// Probing goes through `ProbeRunner` so unit tests can answer for the
// network; the real runner is probe::run_probes.

#include "core/dns/resolver.hpp"
#include "core/dns/site_dns.hpp"
#include "core/model/live_summary.hpp"
#include "core/model/phone_profile.hpp"
#include "core/probe/probe_types.hpp"
#include "core/settings/phone_settings.hpp"
#include "core/status/site_report.hpp"
#include "core/status/thresholds.hpp"
#include "core/util/error.hpp"

#include <functional>
#include <string>
#include <vector>

namespace sipsurv::status {

using ProbeRunner = std::function<Result<std::vector<probe::ProbeResult>>(const std::vector<probe::ProbeSpec>& specs)>;

struct CheckOptions {
  probe::ProbeOptions probe; // the round's deadline (DNS and probes), parallelism, TLS, wall time for certificates
  probe::SniChoice sni = probe::SniChoice::domain;
  std::uint64_t seed = 1;           // the RFC 2782 draw
  std::string survivable_indicator; // text whose presence in an answer means "standing in"
  long cert_warn_days = 30;
  Thresholds thresholds; // -w/-c on the outage, RTT thresholds, critical certificate days
};

struct SiteCheck {
  dns::SiteDns dns;
  std::vector<probe::ProbeResult> probes;     // the phone's servers, then the backup
  std::vector<probe::ProbeResult> proxy_hops; // Max-Forwards 0, 1, 2 through the proxy
  std::string proxy_target;                   // configured or detected; empty = none
  bool proxy_detected = false;                // found by the indicator, not configured
  model::LiveSummary simulation;
  SiteSummary summary; // verdict, proxy inference, probe rows, every finding
};

// Errors only when probing cannot start (unusable --ca-file, --cert, --key):
// the site's problems are findings in the result.
Result<SiteCheck> check_site(const PhoneSettings& settings, const dns::ResolvePlan& plan, dns::Resolver& resolver,
                             const ProbeRunner& run, const CheckOptions& options);

// The probes of one round, pure: every address of every server of the
// phone's list over the phone's transport, then the backup over the backup
// transport (looked up by the prober).
std::vector<probe::ProbeSpec> status_probe_specs(const dns::SiteDns& site, const PhoneSettings& settings,
                                                 probe::SniChoice sni);

// OPTIONS to the proxy with the primary's request-URI and Max-Forwards 0, 1,
// 2 (a SIP traceroute). Empty when the proxy has no address or the list has
// no other server to trace toward.
std::vector<probe::ProbeSpec> proxy_trace_specs(const dns::SiteDns& site, std::string_view proxy_target,
                                                probe::SniChoice sni);

// What the probes found, as the phone model's starting world: the one
// narrow interface between probing and the model (status and live simulate
// both start the model from it).
model::LiveState live_state(const model::ModelInput& in, std::span<const ServerStatus> servers,
                            const std::optional<ServerStatus>& backup, std::span<const ProbeRow> rows, ProxyMode proxy);

// A probe result as the report and the monitoring formats need it, with
// the certificate judged by the name the phone checks (its profile's
// cert_identity).
ProbeRow to_row(const probe::ProbeResult& r, model::CertIdentity identity);

// What connecting to `target` cost in the probes that reached it: TCP
// connect plus TLS handshake (0 over UDP), for the model's outage estimate.
// None when no probe of that server was answered.
std::optional<model::Millis> measured_connect_ms(std::span<const probe::ProbeResult> results, std::string_view target);

// Evidence for infer_proxy_mode from the traceroute's answers.
ProxyEvidence proxy_evidence(std::span<const probe::ProbeResult> hops, std::string indicator);

} // namespace sipsurv::status
