#include "cli/commands/commands.hpp"
#include "cli/commands/common_options.hpp"
#include "cli/commands/site_session.hpp"
#include "cli/diagnostics.hpp"
#include "cli/probe_options.hpp"
#include "cli/render/monitoring_render.hpp"
#include "cli/render/text_style.hpp"
#include "cli/render/watch_render.hpp"
#include "cli/textfile.hpp"
#include "core/status/hysteresis.hpp"

#include <csignal>
#include <thread>
#include <unistd.h>

namespace sipsurv::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Set by SIGINT/SIGTERM: finish the round in progress (bounded by
// --timeout), print the summary, exit with the worst state seen.
volatile std::sig_atomic_t g_stop = 0;

extern "C" void
on_stop_signal(int)
{
  g_stop = 1;
}

void
install_stop_handlers()
{
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; // no SA_RESTART: a signal cuts the sleep short
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

std::chrono::milliseconds
interval_of(const Args& args, const PhoneSettings& settings)
{
  double s = args.watch.interval_s;
  if (s <= 0) {
    s = settings.connectivity_check.count() > 0 ? static_cast<double>(settings.connectivity_check.count()) : 30.0;
  }
  return std::chrono::milliseconds(static_cast<long long>(s * 1000.0));
}

// Sleep until `until`, in short steps so a signal or the end of --duration
// is seen at once; false when the watch should stop.
bool
sleep_until(Clock::time_point until, std::optional<Clock::time_point> end)
{
  constexpr auto step = std::chrono::milliseconds(100);
  while (g_stop == 0) {
    const auto now = Clock::now();
    if (end && now >= *end) {
      return false;
    }
    if (now >= until) {
      return true;
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(step, until - now));
  }
  return false;
}

} // namespace

DeclaredOptions
watch_options(Args& args)
{
  WatchArgs& w = args.watch;
  DeclaredOptions out = site_check_options(args.status);
  append(out, output_options(args.output, {"text", "json"}));
  out.push_back(
    {option_doc("--interval", "SECONDS", "Time between rounds; 0 = the connectivity-check interval, else 30", "0"),
     assign_number(w.interval_s, 0, 86400, "seconds")});
  out.push_back({option_doc("--down-after", "N", "Consecutive failed rounds before a server counts as down", "2"),
                 assign_unsigned(w.down_after, 1, 100, "rounds")});
  out.push_back({option_doc("--up-after", "N", "Consecutive good rounds before a server counts as up again", "2"),
                 assign_unsigned(w.up_after, 1, 100, "rounds")});
  out.push_back({option_doc("--count", "N", "Stop after N rounds; 0 = no limit", "0"),
                 assign_unsigned(w.count, 0, 1000000, "rounds")});
  out.push_back({option_doc("--duration", "SECONDS", "Stop after this long; 0 = no limit", "0"),
                 assign_number(w.duration_s, 0, 31536000, "seconds")});
  out.push_back({with_path(option_doc("--textfile", "FILE",
                                      "After every round, rewrite FILE (atomically) with OpenMetrics for the "
                                      "Prometheus node-exporter textfile collector"),
                           OptionDoc::Path::output_file),
                 assign_text(w.textfile)});
  return out;
}

ExitCode
run_watch(const Args& args)
{
  if (!args.watch.textfile.empty()) {
    // Refused before the first round, not after it: the option is wrong.
    if (auto problem = textfile_target_problem(args.watch.textfile)) {
      print_error(*problem);
      return ExitCode::usage;
    }
  }
  auto session = open_site_session(args);
  if (!session) {
    print_error(session.error().message);
    return session.error().code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
  }
  install_stop_handlers();
  const auto interval = interval_of(args, session->settings);
  const auto started = Clock::now();
  std::optional<Clock::time_point> end;
  if (args.watch.duration_s > 0) {
    end = started + std::chrono::milliseconds(static_cast<long long>(args.watch.duration_s * 1000.0));
  }
  const bool json = args.output.format == Format::json;
  WatchLog log(session->plan.domain.empty() ? session->plan.direct_host : session->plan.domain, json,
               make_text_style(args.output.color, STDOUT_FILENO).width);
  status::Hysteresis hysteresis(args.watch.down_after, args.watch.up_after);
  const std::string first_time = rfc3339_utc(std::chrono::system_clock::now());
  ReportWrite written = print_report(log.started(first_time, interval, args.watch.down_after, args.watch.up_after));
  bool textfile_failed = false;

  unsigned rounds = 0;
  // Nobody reads any more (the pipe closed), or stdout or the textfile
  // failed: stop like a signal would.
  while (written == ReportWrite::ok && !textfile_failed && g_stop == 0 &&
         (args.watch.count == 0 || rounds < args.watch.count)) {
    const auto round_start = Clock::now();
    const auto now = std::chrono::system_clock::now();
    auto check = check_once(*session, now);
    if (!check) {
      print_error(check.error().message);
      return check.error().code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
    }
    ++rounds;
    const auto& sum = check->summary;
    const auto result = hysteresis.feed(watch_round_targets(sum), sum.verdict.state);
    written = print_report(log.round(rfc3339_utc(now), rounds, result, *check));
    if (!args.watch.textfile.empty()) {
      const auto unix_now = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
      // A collector reading a stale file would report an old state as the
      // current one: stop and say so rather than keep watching.
      const WatchProgress progress{hysteresis, rounds};
      if (auto ok = write_textfile(args.watch.textfile, render_openmetrics(sum, unix_now, &progress)); !ok) {
        print_error(ok.error().message);
        textfile_failed = true;
      }
    }
    if ((args.watch.count != 0 && rounds >= args.watch.count) || written != ReportWrite::ok || textfile_failed) {
      break;
    }
    if (!sleep_until(round_start + interval, end)) {
      break;
    }
  }
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  written =
    print_report(log.summary(rfc3339_utc(std::chrono::system_clock::now()), rounds, elapsed, hysteresis, g_stop != 0));
  if (textfile_failed) {
    return ExitCode::io_error;
  }
  return exit_after_report(written, rounds == 0 ? ExitCode::unknown : exit_code_for(hysteresis.worst_seen()));
}

} // namespace sipsurv::cli
