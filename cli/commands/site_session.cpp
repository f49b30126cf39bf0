#include "cli/commands/site_session.hpp"

#include "cli/commands/common_options.hpp"
#include "cli/phone_args.hpp"
#include "cli/probe_options.hpp"
#include "core/probe/prober.hpp"

#include <algorithm>

namespace sipsurv::cli {

DeclaredOptions
site_check_options(StatusArgs& a)
{
  DeclaredOptions out;
  out.push_back({positional_doc("DOMAIN", "SIP gateway domain (the SRV domain)"), assign_text(a.domain)});
  append(out, probing_options(a.probing));
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
  auto resolver = dns::CaresResolver::create({s.dns_servers, timeout});
  if (!resolver) {
    return std::unexpected(resolver.error());
  }
  s.resolver = std::move(*resolver);
  s.options.probe = to_probe_options(p, s.dns_servers, {});
  s.options.sni = to_sni(p.sni);
  s.options.seed = p.seed;
  s.options.survivable_indicator = args.status.survivable_indicator;
  s.options.cert_warn_days = p.cert_warn_days;
  return s;
}

Result<status::SiteCheck>
check_once(SiteSession& session, std::chrono::system_clock::time_point now)
{
  session.options.probe.now = std::chrono::floor<std::chrono::seconds>(now);
  const auto& options = session.options;
  // One deadline for the round (SPEC.md): the probes get what DNS left.
  const auto started = std::chrono::steady_clock::now();
  const status::ProbeRunner run = [&options, started](const std::vector<probe::ProbeSpec>& specs) {
    probe::ProbeOptions o = options.probe;
    const auto spent =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    o.timeout = std::max(options.probe.timeout - spent, std::chrono::milliseconds(50));
    o.dns.timeout = o.timeout;
    return probe::run_probes(specs, o);
  };
  return status::check_site(session.settings, session.plan, *session.resolver, run, options);
}

ExitCode
exit_code_for(status::SiteState state)
{
  switch (state) {
  case status::SiteState::normal:
    return ExitCode::ok;
  case status::SiteState::degraded:
  case status::SiteState::failover:
  case status::SiteState::survivable:
    return ExitCode::warning;
  case status::SiteState::backup:
  case status::SiteState::down:
    return ExitCode::critical;
  case status::SiteState::unknown:
    break;
  }
  return ExitCode::unknown;
}

} // namespace sipsurv::cli
