#include "cli/commands/site_session.hpp"

#include "cli/commands/common_options.hpp"
#include "cli/commands/dns_source.hpp"
#include "cli/phone_args.hpp"
#include "cli/probe_options.hpp"
#include "core/probe/prober.hpp"
#include "core/status/outcome.hpp"

#include <algorithm>

namespace sipsurv::cli {

DeclaredOptions
site_check_options(StatusArgs& a)
{
  DeclaredOptions out;
  out.push_back({positional_doc("DOMAIN", "SIP gateway domain (the SRV domain)"), assign_text(a.domain)});
  out.push_back(dns_file_option(a.dns_file));
  append(out, probing_options(a.probing));
  append(out, register_options(a.probing, true));
  const auto range = [](std::optional<status::Range>& target) {
    return [&target](const std::vector<std::string>& values) {
      auto parsed = status::parse_range(values.back());
      if (!parsed) {
        // parse_range words its error as "'VALUE': why; allowed: …": keep the part after the value.
        const std::string& m = parsed.error().message;
        const auto colon = m.find("': ");
        return colon == std::string::npos ? m : m.substr(colon + 3);
      }
      target = *parsed;
      return std::string();
    };
  };
  status::Thresholds& t = a.thresholds;
  out.push_back({with_short(option_doc("--warning", "RANGE",
                                       "Warn when the simulated worst-case outage (seconds) is outside RANGE "
                                       "(Monitoring Plugins syntax: 30 means above 30)"),
                            "-w"),
                 range(t.outage_warning)});
  out.push_back({with_short(option_doc("--critical", "RANGE",
                                       "Critical when the simulated worst-case outage (seconds) is outside RANGE"),
                            "-c"),
                 range(t.outage_critical)});
  out.push_back({option_doc("--rtt-warning", "RANGE", "Warn when a server's SIP round-trip time (ms) is outside RANGE"),
                 range(t.rtt_warning)});
  out.push_back(
    {option_doc("--rtt-critical", "RANGE", "Critical when a server's SIP round-trip time (ms) is outside RANGE"),
     range(t.rtt_critical)});
  out.push_back({option_doc("--cert-critical-days", "DAYS",
                            "Critical when a certificate expires within DAYS (--cert-warn-days warns)"),
                 [&t](const std::vector<std::string>& values) {
                   unsigned days = 0;
                   std::string why = assign_unsigned(days, 0, 3650, "days")(values);
                   if (why.empty()) {
                     t.cert_critical_days = days;
                   }
                   return why;
                 }});
  out.push_back({option_doc("--survivable-indicator", "TEXT",
                            "Text in an answer (header or reason) that means the survivability proxy stands in, "
                            "e.g. 'X-Survivability: active'"),
                 assign_text(a.survivable_indicator)});
  return out;
}

Result<SiteSession>
open_site_session(const Args& args)
{
  SiteSession s;
  auto phone = to_phone_plan(args.settings, args.status.domain);
  if (!phone) {
    return std::unexpected(phone.error());
  }
  s.settings = std::move(phone->settings);
  s.plan = std::move(phone->plan);
  s.dns_servers = dns_servers_of(s.settings);
  const ProbingArgs& p = args.status.probing;
  const auto timeout = std::chrono::milliseconds(static_cast<long long>(p.timeout_s * 1000.0));
  auto resolver = make_resolver(s.settings, args.status.dns_file, timeout);
  if (!resolver) {
    return std::unexpected(resolver.error());
  }
  s.resolver = std::move(*resolver);
  s.options.probe = to_probe_options(p, s.dns_servers, {});
  auto registrar = register_check_of(p, !p.no_register_check);
  if (!registrar) {
    return std::unexpected(registrar.error());
  }
  s.options.probe.registrar = std::move(*registrar);
  s.options.sni = to_sni(p.sni);
  s.options.seed = p.seed;
  s.options.survivable_indicator = args.status.survivable_indicator;
  s.options.cert_warn_days = p.cert_warn_days;
  s.options.thresholds = args.status.thresholds;
  return s;
}

Result<status::SiteCheck>
check_once(SiteSession& session, std::chrono::system_clock::time_point now, status::SiteEvidence* record)
{
  session.options.probe.now = std::chrono::floor<std::chrono::seconds>(now);
  // One deadline for the round (SPEC.md): every DNS round, then the probes
  // with what DNS left.
  session.options.probe.deadline = std::chrono::steady_clock::now() + session.options.probe.timeout;
  const auto& options = session.options;
  const status::ProbeRunner run =
    [&options, &session](const std::vector<probe::ProbeSpec>& specs) -> Result<std::vector<probe::ProbeResult>> {
    const bool need_tls =
      std::any_of(specs.begin(), specs.end(), [](const probe::ProbeSpec& s) { return s.transport == Transport::tls; });
    if (need_tls && !session.tls) {
      auto connector = probe::make_openssl_connector(options.probe.tls);
      if (!connector) {
        return std::unexpected(connector.error());
      }
      session.tls = std::move(*connector);
    }
    return probe::run_probes(specs, options.probe, session.tls.get());
  };
  if (record != nullptr) {
    status::RecordingResolver recording(*session.resolver, *record);
    return status::check_site(session.settings, session.plan, recording, status::recording_runner(run, *record),
                              options);
  }
  return status::check_site(session.settings, session.plan, *session.resolver, run, options);
}

ExitCode
exit_code_for(const status::SiteSummary& summary)
{
  return static_cast<ExitCode>(status::outcome_of(summary));
}

ExitCode
exit_code_for(status::SiteState state)
{
  return static_cast<ExitCode>(status::outcome_of(state));
}

} // namespace sipsurv::cli
