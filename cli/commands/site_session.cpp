#include "cli/commands/site_session.hpp"

#include "cli/phone_args.hpp"
#include "cli/probe_options.hpp"
#include "core/probe/prober.hpp"

#include <algorithm>

namespace sipsurv::cli {

Result<SiteSession>
open_site_session(const Args& args)
{
  SiteSession s;
  auto phone = to_phone_plan(args.phone, args.status.domain);
  if (!phone) {
    return std::unexpected(phone.error());
  }
  s.settings = std::move(phone->settings);
  s.plan = std::move(phone->plan);
  auto servers = to_dns_servers(args.phone.dns);
  if (!servers) {
    return std::unexpected(servers.error());
  }
  s.dns_servers = std::move(*servers);
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
  // One deadline for the round (SPEC.md): every DNS round, then the probes
  // with what DNS left.
  session.options.probe.deadline = std::chrono::steady_clock::now() + session.options.probe.timeout;
  const auto& options = session.options;
  const status::ProbeRunner run = [&options](const std::vector<probe::ProbeSpec>& specs) {
    return probe::run_probes(specs, options.probe);
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
