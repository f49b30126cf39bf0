#include "core/model/live_summary.hpp"

#include "core/dns/records.hpp"
#include "core/model/phone_machine.hpp"
#include "core/model/sim_findings.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::model {
namespace {

std::optional<Action>
action_of(ServerNow s)
{
  switch (s) {
  case ServerNow::down:
    return Action::down;
  case ServerNow::refused:
    return Action::refuse;
  case ServerNow::unavailable:
    return Action::unavailable;
  case ServerNow::tls_fails:
    return Action::tls_fail;
  case ServerNow::register_rejected:
    return Action::register_reject;
  case ServerNow::up:
  case ServerNow::unknown:
    break;
  }
  return std::nullopt;
}

ServerNow
now_of(Action a, ServerNow before)
{
  switch (a) {
  case Action::up:
    return ServerNow::up;
  case Action::down:
    return ServerNow::down;
  case Action::refuse:
    return ServerNow::refused;
  case Action::unavailable:
    return ServerNow::unavailable;
  case Action::tls_fail:
    return ServerNow::tls_fails;
  case Action::register_reject:
    return ServerNow::register_rejected;
  default:
    return before;
  }
}

// Long enough for a start over every address of every server: a timeout,
// the longest wait and a REGISTER each, and a new round.
Millis
settle_limit(const ModelInput& in, const PhoneProfile& p)
{
  std::size_t addresses = 0;
  for (const auto& s : in.servers) {
    addresses += std::max<std::size_t>(1, s.addresses.size());
  }
  const Millis per_attempt = ms_of(in.settings.non_invite_timer) +
    std::max(ms_of(in.settings.reg_backoff), p.failure_response_retry_ms) + in.connect_ms + in.register_ms;
  return static_cast<Millis>(addresses + 1) * per_attempt + p.min_round_wait_ms;
}

} // namespace

std::string_view
to_string(ServerNow s)
{
  switch (s) {
  case ServerNow::up:
    return "up";
  case ServerNow::down:
    return "down";
  case ServerNow::refused:
    return "refused";
  case ServerNow::unavailable:
    return "503";
  case ServerNow::tls_fails:
    return "tls-fails";
  case ServerNow::register_rejected:
    return "register-rejected";
  case ServerNow::unknown:
    return "unknown";
  }
  return "unknown";
}

LiveState
starting_state(const ModelInput& in, const Scenario& sc)
{
  LiveState st;
  for (const auto& s : in.servers) {
    ServerNow now = ServerNow::up;
    for (const auto& step : sc.steps) {
      if (step.at == 0 && dns::same_name(step.target, s.target)) {
        now = now_of(step.action, now);
      }
    }
    st.servers.push_back(now);
  }
  if (in.backup) {
    ServerNow now = ServerNow::up;
    for (const auto& step : sc.steps) {
      if (step.at == 0 && dns::same_name(step.target, in.backup->target)) {
        now = now_of(step.action, now);
      }
    }
    st.backup = now;
  }
  st.proxy_link_lost = std::any_of(sc.steps.begin(), sc.steps.end(),
                                   [](const Step& s) { return s.at == 0 && s.action == Action::link_lost; });
  return st;
}

std::vector<Step>
world_steps(const ModelInput& in, const LiveState& now)
{
  std::vector<Step> steps;
  const auto add = [&](const std::string& target, ServerNow s, const std::string& evidence) {
    if (auto a = action_of(s)) {
      Step st;
      st.action = *a;
      st.target = target;
      st.code = *a == Action::register_reject ? 403 : 0;
      st.probed = true;
      st.evidence = evidence;
      steps.push_back(std::move(st));
    }
  };
  for (std::size_t i = 0; i < in.servers.size() && i < now.servers.size(); ++i) {
    add(in.servers[i].target, now.servers[i], i < now.evidence.size() ? now.evidence[i] : std::string());
  }
  if (in.backup && now.backup) {
    add(in.backup->target, *now.backup, now.backup_evidence);
  }
  if (now.proxy_link_lost) {
    for (const auto& s : in.servers) {
      if (s.is_survivability_proxy) {
        Step st;
        st.action = Action::link_lost;
        st.target = s.target;
        st.probed = true;
        steps.push_back(std::move(st));
      }
    }
  }
  return steps;
}

LiveSummary
summarize_world(const ModelInput& in, std::vector<Step> world, bool all_failures)
{
  const PhoneProfile& profile = profile_for(in.settings.phone_model);
  Scenario sc;
  for (auto& st : world) {
    if (st.action != Action::call) {
      st.at = 0;
      sc.steps.push_back(std::move(st));
    }
  }
  PhoneMachine m(in, profile, sc);
  m.start();
  const Millis limit = settle_limit(in, profile);
  while (!m.settled() && !m.event_limit_hit()) {
    const auto next = m.next_timer();
    if (!next || *next > limit) {
      break;
    }
    m.run_until(*next, true);
  }

  LiveSummary sum;
  sum.phone_model = std::string(profile.name);
  if (m.registered()) {
    const ServerInfo& s = m.list()[*m.registered()];
    sum.registered = find_server(in.servers, s.target);
    sum.survivable_mode = m.survivable_mode();
    sum.where = m.final_state();
    WhatIf w;
    w.failed = server_label(s);
    w.in_use = true;
    w.outage = outage_bounds(m, in, profile);
    w.next = w.outage.next;
    sum.if_current_fails = std::move(w);
  } else if (m.on_backup() && m.calls_work()) {
    sum.on_backup = true;
    sum.where =
      fmt::format("no server of the list answers: outgoing calls via the backup {}", server_label(*in.backup));
  } else {
    sum.out_of_service = true;
    sum.where = in.backup && profile.knows_backup ? "no server of the list and no backup answers: out of service"
                                                  : "no server of the list answers: out of service";
  }
  if (all_failures) {
    for (std::size_t i = 0; i < in.servers.size(); ++i) {
      if (sum.registered && *sum.registered == i) {
        sum.all_failures.push_back(*sum.if_current_fails);
        continue;
      }
      WhatIf w;
      w.failed = server_label(in.servers[i]);
      w.in_use = false;
      w.next = sum.registered ? server_label(in.servers[*sum.registered]) : std::string();
      sum.all_failures.push_back(std::move(w));
    }
  }
  sum.findings = sim_findings(in, sum.if_current_fails ? &sum.if_current_fails->outage : nullptr);
  return sum;
}

LiveSummary
summarize_live(const ModelInput& in, const LiveState& now, bool all_failures)
{
  return summarize_world(in, world_steps(in, now), all_failures);
}

} // namespace sipsurv::model
