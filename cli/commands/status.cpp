#include "cli/commands/commands.hpp"
#include "cli/commands/common_options.hpp"
#include "cli/commands/site_session.hpp"
#include "cli/diagnostics.hpp"
#include "cli/phone_args.hpp"
#include "cli/probe_options.hpp"
#include "cli/progress.hpp"
#include "cli/render/monitoring_render.hpp"
#include "cli/render/status_render.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace sipsurv::cli {

DeclaredOptions
status_options(Args& args)
{
  DeclaredOptions out = site_check_options(args.status);
  append(out, output_options(args.output, {"text", "json", "nagios", "openmetrics"}));
  return out;
}

ExitCode
run_status(const Args& args)
{
  auto session = open_site_session(args);
  if (!session) {
    print_error(session.error().message);
    return session.error().code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
  }
  session->options.probe.on_progress = progress_display(args.output);
  const auto now = std::chrono::system_clock::now();
  auto check = check_once(*session, now);
  if (!check) {
    print_error(check.error().message);
    return check.error().code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
  }
  const StatusContext ctx{rfc3339_utc(now), args.report_settings, args.status.probing.timeout_s};
  ReportWrite written = ReportWrite::ok;
  switch (args.output.format) {
  case Format::json:
    written = print_report(render_status_json(*check, ctx));
    break;
  case Format::nagios:
    written = print_report(render_nagios(check->summary));
    break;
  case Format::openmetrics:
    written = print_report(
      render_openmetrics(check->summary, std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count()));
    break;
  case Format::text:
    written = print_report(render_status_text(*check, ctx, make_text_style(args.output.color, STDOUT_FILENO)));
    break;
  }
  return exit_after_report(written, exit_code_for(check->summary));
}

} // namespace sipsurv::cli
