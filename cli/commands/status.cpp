#include "cli/commands/commands.hpp"
#include "cli/commands/common_options.hpp"
#include "cli/commands/replay_session.hpp"
#include "cli/commands/site_session.hpp"
#include "cli/diagnostics.hpp"
#include "cli/evidence/bundle.hpp"
#include "cli/phone_args.hpp"
#include "cli/phone_setting_table.hpp"
#include "cli/probe_options.hpp"
#include "cli/progress.hpp"
#include "cli/render/monitoring_render.hpp"
#include "cli/render/status_render.hpp"
#include "core/status/site_evidence.hpp"

#include "cli/textfile.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

namespace sipsurv::cli {
namespace {

ExitCode
error_exit(const Error& e)
{
  print_error(e.message);
  return e.code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
}

ExitCode
print_status(const Args& args, const status::SiteCheck& check, const StatusContext& ctx, long long unix_time)
{
  ReportWrite written = ReportWrite::ok;
  switch (args.output.format) {
  case Format::json:
    written = print_report(render_status_json(check, ctx));
    break;
  case Format::nagios:
    written = print_report(render_nagios(check.summary));
    break;
  case Format::openmetrics:
    written = print_report(render_openmetrics(check.summary, unix_time));
    break;
  case Format::text:
    written = print_report(render_status_text(check, ctx, make_text_style(args.output.color, STDOUT_FILENO)));
    break;
  }
  return exit_after_report(written, exit_code_for(check.summary));
}

// The options of the recording that are not phone settings: the header's
// entries after the phone settings (cli/command_options.cpp builds it so).
std::vector<std::string>
measuring_options(const Args& args)
{
  const auto phone = non_default_settings(args.settings);
  std::vector<std::string> out;
  for (const auto& entry : args.report_settings) {
    if (std::find(phone.begin(), phone.end(), entry) == phone.end() && !entry.starts_with("--save ")) {
      out.push_back(entry);
    }
  }
  return out;
}

EvidenceBundle
bundle_of(const Args& args, const SiteSession& session, std::string taken_at, status::SiteEvidence evidence)
{
  EvidenceBundle b;
  b.sipsurv_version = SIPSURV_VERSION;
  b.taken_at = std::move(taken_at);
  b.domain = args.status.domain;
  b.settings = args.settings; // before DOMAIN: the replay applies DOMAIN as the recording did
  b.seed = session.options.seed;
  b.cert_warn_days = static_cast<unsigned>(session.options.cert_warn_days);
  b.survivable_indicator = session.options.survivable_indicator;
  b.sni = args.status.probing.sni;
  b.timeout_s = args.status.probing.timeout_s;
  b.measured_with = measuring_options(args);
  b.evidence = std::move(evidence);
  return b;
}

// status --replay FILE: the recording through the same check_site, with
// the recorded adapters in place of the network.
ExitCode
run_replay(const Args& args)
{
  const StatusArgs& a = args.status;
  auto replay = open_replay(args, a.replay_file, a.domain, a.probing.seed);
  if (!replay) {
    return error_exit(replay.error());
  }
  const EvidenceBundle& b = replay->bundle;
  status::CheckOptions options;
  options.probe.timeout = std::chrono::milliseconds(static_cast<long long>(b.timeout_s * 1000.0));
  options.sni = to_sni(b.sni);
  options.seed = replay->seed;
  options.survivable_indicator =
    was_given(args, "--survivable-indicator") ? a.survivable_indicator : b.survivable_indicator;
  options.cert_warn_days = was_given(args, "--cert-warn-days") ? a.probing.cert_warn_days : b.cert_warn_days;
  options.thresholds = a.thresholds;
  status::RecordedResolver resolver(b.evidence);
  auto check =
    status::check_site(replay->settings, replay->plan, resolver, status::recorded_runner(b.evidence), options);
  if (!check) {
    return error_exit(Error{check.error().code, fmt::format("--replay {}: {}", replay->file, check.error().message)});
  }
  if (auto missing = check_dns_misses(resolver.misses(), *replay); !missing) {
    return error_exit(missing.error());
  }
  StatusContext ctx{b.taken_at, replay->header_settings, b.timeout_s};
  ctx.replay_text = replay_line(*replay);
  ctx.replay = replay_json(*replay);
  // OpenMetrics' timestamps: the recording's time (checked by the reader).
  std::tm tm{};
  const long long unix_time =
    ::strptime(b.taken_at.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr ? 0 : static_cast<long long>(::timegm(&tm));
  return print_status(args, *check, ctx, unix_time);
}

} // namespace

DeclaredOptions
status_options(Args& args)
{
  DeclaredOptions out = site_check_options(args.status);
  append(out, output_options(args.output, {"text", "json", "nagios", "openmetrics"}));
  out.push_back({with_path(option_doc("--save", "FILE",
                                      "Also write the round's evidence (every DNS answer and probe result, the "
                                      "settings and the time) to FILE, for --replay"),
                           OptionDoc::Path::output_file),
                 assign_text(args.status.save_file)});
  out.push_back({with_path(option_doc("--replay", "FILE",
                                      "Evaluate a --save file again, without the network, with the phone settings "
                                      "given now over the recorded ones"),
                           OptionDoc::Path::existing_file),
                 assign_text(args.status.replay_file)});
  return out;
}

ExitCode
run_status(const Args& args)
{
  if (!args.status.replay_file.empty()) {
    return run_replay(args);
  }
  if (!args.status.save_file.empty()) {
    if (auto problem = textfile_target_problem(args.status.save_file, "--save")) {
      print_error(*problem); // before the round: never probe for nothing
      return ExitCode::usage;
    }
  }
  auto session = open_site_session(args);
  if (!session) {
    return error_exit(session.error());
  }
  session->options.probe.on_progress = progress_display(args.output);
  const auto now = std::chrono::system_clock::now();
  status::SiteEvidence evidence;
  const bool save = !args.status.save_file.empty();
  auto check = check_once(*session, now, save ? &evidence : nullptr);
  if (!check) {
    return error_exit(check.error());
  }
  if (save) {
    if (auto saved =
          save_bundle(args.status.save_file, bundle_of(args, *session, rfc3339_utc(now), std::move(evidence)));
        !saved) {
      print_error(saved.error().message);
      return ExitCode::io_error;
    }
  }
  const StatusContext ctx{rfc3339_utc(now), args.report_settings, args.status.probing.timeout_s};
  return print_status(args, *check, ctx, std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count());
}

} // namespace sipsurv::cli
