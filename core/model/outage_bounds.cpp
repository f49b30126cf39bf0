#include "core/model/outage_bounds.hpp"

#include "core/model/live_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <optional>

namespace sipsurv::model {
namespace {

// One run of the machine with the server in use failing at `at`.
struct Run {
  Millis at = 0;          // the failure
  bool measured = false;  // the phone carried calls right before the failure
  bool recovered = false; // calls worked again before the horizon
  Millis outage = 0;      // failure to working calls (recovered) or to the notice (not)
  bool with_call = false;
  std::optional<Event> noticed;
  std::vector<ChainLink> chain;
  Fallback fallback = Fallback::none;
  std::string next;
};

std::string
response_timer_text(const PhoneSettings& s)
{
  std::string t = fmt::format("response timer {} ms", s.response_timer.count());
  if (s.response_timer > k_recommended_response_timer) {
    t += fmt::format("; {} ms is recommended for OpenScape Voice", k_recommended_response_timer.count());
  }
  return t;
}

std::string
non_invite_timer_text(const PhoneSettings& s)
{
  std::string t = fmt::format("non-INVITE timer {} ms", s.non_invite_timer.count());
  if (s.non_invite_timer > k_recommended_non_invite_timer) {
    t += fmt::format("; {} ms is recommended for OpenScape Voice", k_recommended_non_invite_timer.count());
  }
  return t;
}

// The setting a wait stands for; empty for waits no setting governs.
std::string
setting_of(TimerKind k, const PhoneSettings& s, const PhoneProfile& p)
{
  switch (k) {
  case TimerKind::check:
    return fmt::format("connectivity check every {} s", s.connectivity_check.count());
  case TimerKind::pong:
    return fmt::format("pong wait {} s (RFC 5626 §4.4.1)", p.pong_wait_ms / 1000);
  case TimerKind::refresh:
    // The default is the manual's (or the RFC's); only the refresh point is assumed.
    return fmt::format(
      "registration timer {} s{}, refreshed after {} s (assumption)", s.registration_expiry.count(),
      s.registration_expiry.count() == p.registration_expiry.default_value
        ? fmt::format(" ({} default)", p.registration_expiry.basis == Basis::manual ? "the manual's" : "the RFC's")
        : std::string(),
      refresh_interval_ms(s, p) / 1000);
  case TimerKind::register_timeout:
  case TimerKind::backup_timeout:
    return non_invite_timer_text(s);
  case TimerKind::call_timeout:
    return response_timer_text(s);
  case TimerKind::retry_backoff:
  case TimerKind::backup_retry:
    return fmt::format("reg. backoff up to {} s", s.reg_backoff.count());
  case TimerKind::retry_fixed:
    return fmt::format("the {} s retry after a failure response", p.failure_response_retry_ms / 1000);
  case TimerKind::connect:
  case TimerKind::register_answer:
  case TimerKind::backup_answer:
    return "connect and REGISTER with the next server (probe measures it)";
  case TimerKind::dns_refetch:
    return "the SRV TTL";
  case TimerKind::scenario_step:
  case TimerKind::call_end:
  case TimerKind::backup_refresh:
    break;
  }
  return {};
}

// Long enough for the slowest path: the next refresh or check, then a
// timeout, a wait and a REGISTER at every address of every server, twice.
Millis
horizon(const ModelInput& in, const PhoneProfile& p)
{
  const PhoneSettings& s = in.settings;
  std::size_t addresses = 0;
  for (const auto& srv : in.servers) {
    addresses += std::max<std::size_t>(1, srv.addresses.size());
  }
  const Millis per_attempt = ms_of(s.non_invite_timer) + std::max(ms_of(s.reg_backoff), p.failure_response_retry_ms) +
    ms_of(s.response_timer) + in.connect_ms + in.register_ms + p.min_round_wait_ms;
  return refresh_interval_ms(s, p) + ms_of(s.connectivity_check) + p.pong_wait_ms +
    static_cast<Millis>(2 * addresses + 2) * per_attempt + 10000;
}

Run
run_once(const PhoneMachine& base, const ModelInput& in, const ServerInfo& failing, Millis at, bool after_timers,
         Draw draw, bool call, Millis limit)
{
  Run run;
  run.at = at;
  run.with_call = call;
  PhoneMachine m = base;
  m.run_until(at, after_timers);
  if (!m.registered() || !m.calls_work() || m.event_limit_hit()) {
    return run;
  }
  run.measured = true;
  const std::size_t events_before = m.events().size();
  const std::size_t windows_before = m.outages().size();
  m.set_draw(draw);
  Step down;
  down.at = at;
  down.action = Action::down;
  down.target = failing.target;
  m.inject(down);
  if (call) {
    Step c;
    c.at = at;
    c.action = Action::call;
    m.inject(c);
  }
  while (m.outages().size() == windows_before && !m.event_limit_hit()) {
    const auto next = m.next_timer();
    if (!next || *next > at + limit) {
      break;
    }
    m.run_until(*next, true);
  }
  for (std::size_t i = events_before; i < m.events().size(); ++i) {
    if (m.events()[i].kind == EventKind::failure_noticed) {
      run.noticed = m.events()[i];
      break;
    }
  }
  if (m.outages().size() > windows_before) {
    run.recovered = true;
    run.outage = m.outages()[windows_before].to - at;
    run.chain = m.recovery_chain(at);
    if (m.registered()) {
      run.fallback = Fallback::next_server;
      run.next = server_label(m.list()[*m.registered()]);
    } else if (m.on_backup()) {
      run.fallback = m.backup_state() == BackupState::registered || m.backup_state() == BackupState::refreshing
        ? Fallback::backup_registered
        : Fallback::backup_unregistered;
      run.next = in.backup ? "backup " + server_label(*in.backup) : std::string("backup");
    }
  } else {
    run.outage = run.noticed ? run.noticed->at - at : limit;
    run.chain = m.notice_chain(at);
  }
  return run;
}

std::string
noticed_text(const Run& r)
{
  if (!r.noticed) {
    return "not noticed within the run";
  }
  std::string how = r.noticed->text;
  constexpr std::string_view k_prefix = "failure noticed by ";
  if (how.starts_with(k_prefix)) {
    how = how.substr(k_prefix.size());
  }
  return fmt::format("noticed by {} {} after the failure{}", how, seconds_text(r.noticed->at - r.at),
                     r.with_call ? " (a call placed right after it)" : "");
}

} // namespace

std::string_view
to_string(FailureKind k)
{
  switch (k) {
  case FailureKind::down:
    break;
  }
  return "down";
}

bool
check_active(const PhoneSettings& s, const PhoneProfile& p)
{
  if (s.connectivity_check.count() <= 0) {
    return false;
  }
  return (s.transport == Transport::tls && p.check_on_tls) || (s.transport == Transport::tcp && p.check_on_tcp);
}

Millis
refresh_interval_ms(const PhoneSettings& s, const PhoneProfile& p)
{
  return ms_of(s.registration_expiry) * p.refresh_percent / 100;
}

std::string
seconds_text(Millis ms)
{
  return fmt::format("{}{}.{:03} s", ms < 0 ? "-" : "", (ms < 0 ? -ms : ms) / 1000, (ms < 0 ? -ms : ms) % 1000);
}

OutageEstimate
outage_bounds(const PhoneMachine& settled, const ModelInput& in, const PhoneProfile& profile)
{
  OutageEstimate e;
  if (!settled.registered()) {
    return e;
  }
  const PhoneSettings& s = in.settings;
  const ServerInfo failing = settled.list()[*settled.registered()];
  const Millis check = check_active(s, profile) ? ms_of(s.connectivity_check) : 0;

  // The instants that matter. The outage shrinks as the failure moves
  // closer to the next event that notices it, so its extremes lie right
  // before and right after those events: check ticks and refreshes (sent,
  // answered). A tick far from any refresh behaves like the first one; the
  // ticks that matter besides are those within one interval and a pong wait
  // before a refresh. Ticks and refreshes are periodic, so their phases
  // repeat after check / gcd(check, refresh) refreshes: each distinct phase
  // is tried (up to k_max_refresh_phases).
  std::optional<Millis> tick;
  std::optional<Millis> refresh;
  for (const auto& p : settled.pending()) {
    if (p.kind == TimerKind::check && !tick) {
      tick = p.at;
    }
    if (p.kind == TimerKind::refresh && !refresh) {
      refresh = p.at;
    }
  }
  std::vector<Millis> instants{settled.now()};
  if (tick) {
    instants.push_back(*tick);
    instants.push_back(*tick + check);
  }
  if (refresh) {
    const Millis period = refresh_interval_ms(s, profile);
    const Millis phases = tick && check > 0 ? check / std::gcd(period, check) : 1;
    for (Millis k = 0; k < std::min<Millis>(phases, k_max_refresh_phases); ++k) {
      const Millis r = *refresh + k * period;
      instants.push_back(r);
      instants.push_back(r + in.register_ms); // right after its answer: the refresh no longer sees it
      if (tick && check > 0) {
        const Millis from = std::max(*tick, r - check - profile.pong_wait_ms);
        for (Millis t = *tick + (from - *tick + check - 1) / check * check; t <= r + check; t += check) {
          instants.push_back(t);
        }
      }
    }
  }
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());

  const Millis limit = horizon(in, profile);
  std::vector<Run> runs;
  PhoneMachine cursor = settled; // advanced instant by instant, without the failure
  for (Millis at : instants) {
    cursor.run_until(at, false);
    for (bool after_timers : {false, true}) {
      for (Draw draw : {Draw::longest, Draw::shortest}) {
        for (bool call : {false, true}) {
          Run r = run_once(cursor, in, failing, at, after_timers, draw, call, limit);
          if (r.measured) {
            runs.push_back(std::move(r));
          }
        }
      }
    }
  }
  e.runs = runs.size();
  if (runs.empty()) {
    return e;
  }
  e.unbounded = std::any_of(runs.begin(), runs.end(), [](const Run& r) { return !r.recovered; });
  const auto by_outage = [](const Run& a, const Run& b) { return a.outage < b.outage; };
  const Run& best = *std::min_element(runs.begin(), runs.end(), by_outage);
  const Run& worst = *std::max_element(runs.begin(), runs.end(), by_outage);
  e.best = best.outage;
  e.worst = worst.outage;
  e.noticed_best = noticed_text(best);
  e.noticed_worst = noticed_text(worst);
  e.rule = worst.noticed ? worst.noticed->rule : Rule{};
  e.fallback = worst.fallback;
  e.next = worst.next;

  // What the waits of the worst and the best run were: each wait's share.
  std::vector<OutagePart> parts;
  const auto add_chain = [&](const Run& r) {
    std::vector<OutagePart> mine;
    for (const auto& link : r.chain) {
      const std::string setting = setting_of(link.kind, s, profile);
      if (setting.empty()) {
        continue;
      }
      auto it = std::find_if(mine.begin(), mine.end(), [&](const OutagePart& p) { return p.setting == setting; });
      if (it == mine.end()) {
        mine.push_back(OutagePart{setting, 0});
        it = mine.end() - 1;
      }
      it->ms += link.fired - link.set;
    }
    for (auto& p : mine) {
      const bool matters = p.ms * 10 >= r.outage || p.setting.find("recommended") != std::string::npos;
      const bool known =
        std::any_of(parts.begin(), parts.end(), [&](const OutagePart& q) { return q.setting == p.setting; });
      if (matters && !known) {
        parts.push_back(std::move(p));
      }
    }
  };
  add_chain(worst);
  add_chain(best);
  if (!check_active(s, profile) && s.transport != Transport::udp) {
    parts.push_back({"connectivity check off: only a call or a registration refresh notices the failure", 0});
  }
  std::stable_sort(parts.begin(), parts.end(), [](const OutagePart& a, const OutagePart& b) { return a.ms > b.ms; });
  e.dominating = std::move(parts);
  return e;
}

} // namespace sipsurv::model
