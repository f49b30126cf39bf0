#include "cli/commands/commands.hpp"
#include "cli/commands/common_options.hpp"
#include "cli/commands/dns_source.hpp"
#include "cli/commands/replay_session.hpp"
#include "cli/diagnostics.hpp"
#include "cli/file_read.hpp"
#include "cli/phone_args.hpp"
#include "cli/probe_options.hpp"
#include "cli/progress.hpp"
#include "cli/render/simulate_render.hpp"
#include "core/dns/cares_resolver.hpp"
#include "core/dns/site_dns.hpp"
#include "core/dns/zone_file.hpp"
#include "core/model/phone_model.hpp"
#include "core/model/scenario_targets.hpp"
#include "core/probe/prober.hpp"
#include "core/status/server_view.hpp"
#include "core/status/site_check.hpp"
#include "core/status/site_evidence.hpp"
#include "core/util/escape.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>

namespace sipsurv::cli {
namespace {

// --assume-down HOST becomes "0 down HOST", before the scenario's own steps.
// Every target is checked against the phone's servers and backup in core
// (model::check_scenario_targets), for both.
Result<model::Scenario>
make_scenario(const SimulateArgs& a, const model::ModelInput& in)
{
  model::Scenario sc;
  for (const auto& host : a.assume_down) {
    model::Step st;
    st.action = model::Action::down;
    st.target = host;
    sc.steps.push_back(st);
  }
  if (auto known = model::check_scenario_targets(sc.steps, in, "--assume-down"); !known) {
    return std::unexpected(known.error());
  }
  if (!a.scenario_file.empty()) {
    auto text = read_bounded(a.scenario_file, limits::k_max_scenario_file, "--scenario");
    if (!text) {
      return std::unexpected(text.error());
    }
    auto parsed = model::parse_scenario(*text, a.scenario_file);
    if (!parsed) {
      return std::unexpected(parsed.error());
    }
    if (auto known = model::check_scenario_targets(parsed->steps, in, a.scenario_file); !known) {
      return std::unexpected(known.error());
    }
    sc.steps.insert(sc.steps.end(), parsed->steps.begin(), parsed->steps.end());
  }
  std::stable_sort(sc.steps.begin(), sc.steps.end(),
                   [](const model::Step& x, const model::Step& y) { return x.at < y.at; });
  return sc;
}

// What a probe found becomes the world at +0 (status::live_state, the same
// start status uses); the connect time measured to the first server
// replaces the assumed one.
Result<std::vector<model::Step>>
probe_now(const status::ProbeRunner& run, probe::SniChoice sni, const PhoneSettings& settings, const dns::SiteDns& site,
          model::ModelInput& input)
{
  auto results = run(status::status_probe_specs(site, settings, sni));
  if (!results) {
    return std::unexpected(results.error());
  }
  std::vector<status::ProbeRow> rows;
  for (const auto& r : *results) {
    rows.push_back(status::to_row(r, model::profile_for(settings.phone_model).cert_identity));
  }
  const auto now = status::live_state(input, status::server_statuses(site, rows, settings.survivability_proxy),
                                      status::backup_status(rows), rows, status::ProxyMode::not_configured);
  if (!input.servers.empty()) {
    if (auto ms = status::measured_connect_ms(*results, input.servers.front().target)) {
      input.connect_ms = *ms;
    }
  }
  return model::world_steps(input, now);
}

// simulate's exit status: where the simulated phone ends up (SPEC.md).
ExitCode
exit_for(const model::SimResult& r)
{
  if (r.on_backup || r.out_of_service || !r.registered_with) {
    return ExitCode::critical;
  }
  const bool warnings = std::any_of(r.estimate.findings.begin(), r.estimate.findings.end(),
                                    [](const auto& f) { return f.severity != report::Severity::info; });
  if (r.survivable_mode || !r.outages.empty() || warnings) {
    return ExitCode::warning;
  }
  return ExitCode::ok;
}

} // namespace

DeclaredOptions
simulate_options(Args& args)
{
  SimulateArgs& a = args.simulate;
  DeclaredOptions out;
  out.push_back({positional_doc("DOMAIN", "SIP gateway domain (the SRV domain)"), assign_text(a.domain)});
  append(out, output_options(args.output, {"text", "json"}));
  out.push_back(dns_file_option(a.dns_file));
  out.push_back({repeatable(option_doc("--assume-down", "HOST",
                                       "Treat this server (SRV target or backup) as down from the start (repeatable)")),
                 assign_texts(a.assume_down)});
  out.push_back(
    {flag_doc("--assume-up", "Do not probe: every server not named by --assume-down is up"), assign_flag(a.assume_up)});
  out.push_back({with_path(option_doc("--scenario", "FILE",
                                      "Timed events (TIME ACTION [TARGET]; see the man page for the actions)"),
                           OptionDoc::Path::existing_file),
                 assign_text(a.scenario_file)});
  out.push_back(
    {option_doc("--duration", "TIME", "How long to simulate (90, 90s, 1500ms, 10m, 1h; at most one week)", "600s"),
     assign_text(a.duration)});
  out.push_back(
    {flag_doc("--all-failures", "Also simulate each server of the list failing alone"), assign_flag(a.all_failures)});
  out.push_back(
    timeout_option(a.probing.timeout_s, "One deadline for DNS and for probing the servers (unless --assume-up)"));
  append(out, tls_options(a.probing));
  out.push_back(
    seed_option(a.probing.seed, "Seed of the RFC 2782 weighted draw and of the random registration backoff"));
  out.push_back({with_path(option_doc("--replay", "FILE",
                                      "Start from a status --save file instead of the network (its DNS answers and "
                                      "probes), with the phone settings given now over the recorded ones"),
                           OptionDoc::Path::existing_file),
                 assign_text(a.replay_file)});
  return out;
}

ExitCode
run_simulate(const Args& args)
{
  const SimulateArgs& a = args.simulate;
  std::optional<ReplaySession> replay;
  if (!a.replay_file.empty()) {
    if (a.assume_up) {
      print_error("--assume-up is not allowed with --replay: the recording says what answered; allowed: one of them");
      return ExitCode::usage;
    }
    auto opened = open_replay(args, a.replay_file, a.domain, a.probing.seed);
    if (!opened) {
      print_error(opened.error().message);
      return opened.error().code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
    }
    replay = std::move(*opened);
  }
  auto phone =
    replay ? Result<PhonePlan>(PhonePlan{replay->settings, replay->plan}) : to_phone_plan(args.settings, a.domain);
  if (!phone) {
    print_error(phone.error().message);
    return ExitCode::usage;
  }
  const PhoneSettings& settings = phone->settings;
  const std::uint64_t seed = replay ? replay->seed : a.probing.seed;
  auto duration = model::parse_duration(a.duration);
  if (!duration || *duration == 0) {
    print_error(duration ? std::string("--duration must be more than 0") : "--duration: " + duration.error().message);
    return ExitCode::usage;
  }
  auto resolver = replay
    ? Result<std::unique_ptr<dns::Resolver>>(std::make_unique<status::RecordedResolver>(replay->bundle.evidence))
    : make_resolver(args.settings, a.dns_file,
                    std::chrono::milliseconds(static_cast<long long>(a.probing.timeout_s * 1000.0)));
  if (!resolver) {
    print_error(resolver.error().message);
    return resolver.error().code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
  }
  // One deadline for the live part: every DNS round, then the probes.
  const auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long long>(a.probing.timeout_s * 1000.0));
  const dns::SiteDns site = dns::resolve_site(settings, phone->plan, **resolver, seed, deadline);
  if (replay) {
    if (auto missing = check_dns_misses(dynamic_cast<status::RecordedResolver&>(**resolver).misses(), *replay);
        !missing) {
      print_error(missing.error().message);
      return ExitCode::usage;
    }
  }
  if (dns::dns_outcome(site) == dns::DnsOutcome::no_answer) {
    print_error(fmt::format("no DNS server answered ({}); check --dns (allowed: ADDR[:PORT]) or use --dns-file",
                            escape_for_terminal(site.resolver)));
    return ExitCode::unknown;
  }

  SimulateReport report;
  report.domain = site.plan.domain;
  report.resolver = site.resolver;
  report.settings = replay ? replay->header_settings : args.report_settings;
  if (replay) {
    report.replay_text = replay_line(*replay);
    report.replay = replay_json(*replay);
  }
  report.scenario_file = a.scenario_file;
  report.assumed_down = a.assume_down;
  report.input = model::make_model_input(settings, site, seed);
  // Live: probe the phone's servers and the backup as status does, and start
  // the simulation from what answered (a silent server is down from +0).
  std::vector<model::Step> measured;
  report.probed = replay || (a.dns_file.empty() && !a.assume_up);
  if (report.probed) {
    auto options = to_probe_options(a.probing, dns_servers_of(settings),
                                    std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    options.deadline = deadline;
    options.on_progress = progress_display(args.output);
    const status::ProbeRunner run = replay
      ? status::recorded_runner(replay->bundle.evidence)
      : status::ProbeRunner(
          [&options](const std::vector<probe::ProbeSpec>& specs) { return probe::run_probes(specs, options); });
    auto live = probe_now(run, to_sni(replay ? replay->bundle.sni : a.probing.sni), settings, site, report.input);
    if (!live) {
      print_error(replay ? fmt::format("--replay {}: {}", replay->file, live.error().message) : live.error().message);
      return live.error().code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
    }
    measured = std::move(*live);
  }
  auto scenario = make_scenario(a, report.input);
  if (!scenario) {
    print_error(scenario.error().message);
    return ExitCode::usage;
  }
  scenario->steps.insert(scenario->steps.begin(), measured.begin(), measured.end());
  if (!scenario->steps.empty() && scenario->steps.back().at > *duration) {
    print_warning(fmt::format("scenario events after --duration {} are not simulated", a.duration));
  }
  report.result = model::simulate(report.input, *scenario, *duration);
  report::mark_accepted(report.result.estimate.findings, settings.accepted_findings);
  if (a.all_failures) {
    report.each_failure = model::simulate_each_failure(report.input, *scenario, model::k_each_failure_at, *duration);
  }

  const ReportWrite written =
    print_report(args.output.format == Format::json
                   ? render_simulate_json(report)
                   : render_simulate_text(report, make_text_style(args.output.color, STDOUT_FILENO)));
  return exit_after_report(written, exit_for(report.result));
}

} // namespace sipsurv::cli
