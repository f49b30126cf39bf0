#include "core/model/phone_machine.hpp"

#include "core/dns/records.hpp"
#include "core/model/live_summary.hpp"
#include "core/model/outage_bounds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace sipsurv::model {
namespace {

// Whether two lists hold the same servers, in any order.
bool
same_servers(std::vector<ServerInfo> a, std::vector<ServerInfo> b)
{
  const auto key = [](const ServerInfo& s) { return std::tie(s.target, s.port, s.priority, s.weight); };
  const auto less = [&](const ServerInfo& x, const ServerInfo& y) { return key(x) < key(y); };
  std::sort(a.begin(), a.end(), less);
  std::sort(b.begin(), b.end(), less);
  return a == b;
}

std::string
lower(std::string_view s)
{
  return dns::normalize_name(s);
}

Rule
with_suffix(const ProfileRule& r, std::string_view suffix)
{
  return Rule{r.basis, fmt::format("{}{}", r.source, suffix)};
}

// A world change is the scenario's, or the probe's when live simulate or
// status started from what was measured: never label a probed state [scenario].
Rule
input_rule(const Step& st)
{
  return st.probed ? probed_input(st.evidence) : scenario_input();
}

} // namespace

std::string_view
to_string(PrimaryState s)
{
  switch (s) {
  case PrimaryState::starting:
    return "starting";
  case PrimaryState::registering:
    return "registering";
  case PrimaryState::waiting:
    return "waiting";
  case PrimaryState::registered:
    return "registered";
  case PrimaryState::refreshing:
    return "refreshing";
  case PrimaryState::failing_back:
    return "failing-back";
  }
  return "starting";
}

std::string_view
to_string(TimerKind k)
{
  switch (k) {
  case TimerKind::scenario_step:
    return "scenario";
  case TimerKind::dns_refetch:
    return "dns-refetch";
  case TimerKind::connect:
    return "connect";
  case TimerKind::register_answer:
    return "register-answer";
  case TimerKind::register_timeout:
    return "register-timeout";
  case TimerKind::retry_backoff:
    return "retry-backoff";
  case TimerKind::retry_fixed:
    return "retry-fixed";
  case TimerKind::refresh:
    return "refresh";
  case TimerKind::check:
    return "check";
  case TimerKind::pong:
    return "pong";
  case TimerKind::call_timeout:
    return "call-timeout";
  case TimerKind::call_end:
    return "call-end";
  case TimerKind::backup_answer:
    return "backup-answer";
  case TimerKind::backup_timeout:
    return "backup-timeout";
  case TimerKind::backup_retry:
    return "backup-retry";
  case TimerKind::backup_refresh:
    return "backup-refresh";
  }
  return "check";
}

PhoneMachine::PhoneMachine(const ModelInput& in, const PhoneProfile& profile, const Scenario& scenario)
    : m_in(&in), m_profile(&profile), m_scenario(&scenario), m_random_state(in.seed ^ 0x5157505355525600ULL)
{
  m_published = in.servers;
}

// ---- timers ----

std::uint64_t
PhoneMachine::schedule(Millis at, TimerKind kind, std::size_t arg, std::optional<Millis> since)
{
  const std::uint64_t id = ++m_seq;
  m_timers[id] = Timer{at, id, kind, arg, since.value_or(m_now), m_current};
  m_queue[{at, id}] = id;
  return id;
}

void
PhoneMachine::cancel(std::uint64_t& id)
{
  if (id == 0) {
    return;
  }
  if (auto it = m_timers.find(id); it != m_timers.end()) {
    m_queue.erase({it->second.at, id});
    m_timers.erase(it);
  }
  id = 0;
}

std::vector<PendingTimer>
PhoneMachine::pending() const
{
  std::vector<PendingTimer> out;
  for (const auto& [key, id] : m_queue) {
    out.push_back(PendingTimer{key.first, m_timers.at(id).kind});
  }
  return out;
}

std::optional<Millis>
PhoneMachine::next_timer() const
{
  if (m_queue.empty()) {
    return std::nullopt;
  }
  return m_queue.begin()->first.first;
}

void
PhoneMachine::run_until(Millis t, bool inclusive)
{
  while (!m_queue.empty() && !m_limit_hit) {
    const auto first = m_queue.begin();
    const Millis at = first->first.first;
    if (at > t || (!inclusive && at == t)) {
      break;
    }
    const std::uint64_t id = first->second;
    const Timer timer = m_timers.at(id);
    m_queue.erase(first);
    m_timers.erase(id);
    m_now = at;
    if (++m_processed > k_max_events * 4 || m_events.size() >= k_max_events) {
      m_limit_hit = true;
      emit(EventKind::note, "", fmt::format("event limit of {} reached: simulation stopped", k_max_events),
           assumed("sipsurv limit"));
      m_queue.clear();
      m_timers.clear();
      break;
    }
    m_fired[id] = Fired{timer.kind, timer.set, at, timer.parent};
    m_current = id;
    handle(timer);
    after_change();
    m_current = 0;
  }
  if (!m_limit_hit) {
    m_now = std::max(m_now, t);
  }
}

void
PhoneMachine::handle(const Timer& t)
{
  switch (t.kind) {
  case TimerKind::scenario_step:
    apply(m_scenario->steps[t.arg]);
    return;
  case TimerKind::dns_refetch:
    m_dns_timer = 0;
    on_dns_refetch();
    return;
  case TimerKind::connect:
    on_connect();
    return;
  case TimerKind::register_answer:
    on_register_answer();
    return;
  case TimerKind::register_timeout:
    on_register_timeout();
    return;
  case TimerKind::retry_backoff:
  case TimerKind::retry_fixed:
    m_retry_timer = 0;
    retry(m_retry_server, m_retry_why);
    return;
  case TimerKind::refresh:
    m_refresh_timer = 0;
    on_refresh();
    return;
  case TimerKind::check:
    m_check_timer = 0;
    on_check();
    return;
  case TimerKind::pong:
    m_check_timer = 0;
    on_pong_timeout();
    return;
  case TimerKind::call_timeout:
    on_call_timeout(t.arg);
    return;
  case TimerKind::call_end:
    on_call_end(t.arg);
    return;
  case TimerKind::backup_answer:
    m_backup_timer = 0;
    on_backup_answer();
    return;
  case TimerKind::backup_timeout:
    m_backup_timer = 0;
    on_backup_timeout();
    return;
  case TimerKind::backup_retry:
  case TimerKind::backup_refresh:
    m_backup_timer = 0;
    backup_register(t.kind == TimerKind::backup_refresh);
    return;
  }
}

// ---- start ----

void
PhoneMachine::start()
{
  const PhoneSettings& s = m_in->settings;
  for (std::size_t i = 0; i < m_scenario->steps.size(); ++i) {
    schedule(m_scenario->steps[i].at, TimerKind::scenario_step, i);
  }
  // Steps at time 0 describe the world the phone starts in: apply them
  // before the phone does anything.
  run_until(0, true);
  m_list = m_published; // already in the phone's order: never drawn a second time
  m_list_published = m_published;
  if (m_in->uses_srv) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < m_list.size(); ++i) {
      names.push_back(fmt::format("{} (priority {})", label(i), m_list[i].priority));
    }
    emit(EventKind::dns_fetch, "",
         fmt::format("SRV list for {} over {}: {}", s.sip_gateway.empty() ? "the gateway" : s.sip_gateway,
                     to_string(s.transport),
                     names.empty() ? std::string("no servers") : fmt::format("{}", fmt::join(names, ", "))),
         rfc("RFC 3263 §4.1, RFC 2782"));
    if (!s.outbound_proxy && m_list.size() > 1) {
      m_list.resize(1);
      emit(EventKind::note, label(0),
           "outbound proxy off: the phone does not send its requests through the servers of the SRV list; "
           "modelled as this first server only, with no SRV failover",
           assumed("outbound proxy off means no SRV-based routing or failover"));
    }
    if (m_in->list_ttl > 0) {
      m_dns_timer = schedule(refetch_interval(), TimerKind::dns_refetch);
    }
  } else {
    emit(EventKind::note, m_list.empty() ? std::string() : label(0),
         fmt::format("SIP server port {} is not 0: DNS SRV is not used, the phone knows this one server only",
                     effective_sip_server_port(s)),
         manual("Resilience and Survivability"));
  }
  if (m_in->backup) {
    if (!m_profile->knows_backup) {
      emit(EventKind::note, backup_label(),
           fmt::format("the {} profile has no backup server: --backup-proxy is not used", m_profile->name),
           m_profile->backup_rule.rule());
    } else if (s.backup_registration) {
      backup_register(false);
    } else {
      m_backup_state = BackupState::disabled;
      emit(EventKind::note, backup_label(),
           "backup registration allowed = no: no REGISTER to the backup; outgoing calls can still go to it once "
           "the primary is lost, incoming calls cannot reach the phone through it",
           m_profile->backup_rule.rule());
    }
  }
  begin_attempt(0, 0, Why::start);
  after_change();
}

// ---- the world ----

std::size_t
PhoneMachine::address_count(const ServerInfo& s) const
{
  return std::max<std::size_t>(1, s.addresses.size());
}

Condition
PhoneMachine::condition_of_target(const ServerInfo& s) const
{
  const auto it = m_world.find(lower(s.target));
  return it == m_world.end() ? Condition{} : it->second;
}

Condition
PhoneMachine::condition(const ServerInfo& s, std::size_t address) const
{
  if (address < s.addresses.size()) {
    if (auto it = m_world.find(lower(s.addresses[address])); it != m_world.end()) {
      return it->second;
    }
  }
  return condition_of_target(s);
}

bool
PhoneMachine::kept_out(const ServerInfo& s) const
{
  const auto it = m_out_until.find(lower(s.target));
  return it != m_out_until.end() && m_now < it->second;
}

bool
PhoneMachine::has_backup() const
{
  return m_in->backup.has_value() && m_profile->knows_backup;
}

bool
PhoneMachine::works(const Condition& c, Transport t)
{
  return c.cond == Cond::up || c.cond == Cond::register_reject || (c.cond == Cond::tls_fail && t != Transport::tls);
}

bool
PhoneMachine::registrable(const Condition& c, Transport t)
{
  return c.cond == Cond::up || (c.cond == Cond::tls_fail && t != Transport::tls);
}

bool
PhoneMachine::fails_at_once(const Condition& c, Transport t)
{
  return c.cond == Cond::refuse || c.cond == Cond::unavailable || (c.cond == Cond::tls_fail && t == Transport::tls);
}

bool
PhoneMachine::backup_works() const
{
  return has_backup() && m_in->backup->has_address &&
    works(condition(*m_in->backup, 0), m_in->settings.backup_transport);
}

void
PhoneMachine::apply(const Step& st)
{
  const std::string key = lower(st.target);
  // A change to a whole target replaces what was said about its addresses.
  const auto set_target = [&](Condition c) {
    for (const auto* list : {&m_published, &m_list}) {
      for (const auto& s : *list) {
        if (dns::same_name(s.target, st.target)) {
          for (const auto& a : s.addresses) {
            m_world.erase(lower(a));
          }
        }
      }
    }
    m_world[key] = c;
  };
  switch (st.action) {
  case Action::up:
    set_target(Condition{});
    m_out_until.erase(key);
    emit(EventKind::scenario, st.target, "answers again", input_rule(st));
    break;
  case Action::down:
    set_target(Condition{Cond::down});
    emit(EventKind::scenario, st.target, "stops answering (silent)", input_rule(st));
    break;
  case Action::refuse:
    set_target(Condition{Cond::refuse});
    emit(EventKind::scenario, st.target, "refuses connections (TCP RST, ICMP port unreachable): requests fail at once",
         input_rule(st));
    break;
  case Action::unavailable:
    set_target(Condition{Cond::unavailable, 503, st.retry_after});
    emit(EventKind::scenario, st.target,
         st.retry_after > 0
           ? fmt::format("answers every request with 503 Service Unavailable, Retry-After {} s", st.retry_after / 1000)
           : std::string("answers every request with 503 Service Unavailable"),
         input_rule(st));
    break;
  case Action::tls_fail:
    set_target(Condition{Cond::tls_fail});
    emit(EventKind::scenario, st.target, "TLS breaks: connections close, handshakes fail", input_rule(st));
    break;
  case Action::register_reject:
    set_target(Condition{Cond::register_reject, st.code});
    emit(EventKind::scenario, st.target, fmt::format("answers OPTIONS and INVITE, rejects REGISTER with {}", st.code),
         input_rule(st));
    break;
  case Action::link_lost:
    m_link_lost.insert(key);
    emit(EventKind::scenario, st.target, "loses its TLS link to the primary server", input_rule(st));
    if (m_registered && dns::same_name(m_list[*m_registered].target, st.target) &&
        m_list[*m_registered].is_survivability_proxy) {
      emit(EventKind::survivable, st.target,
           "survivable mode: the proxy stands in for the primary and notifies the phone; the phone stays "
           "registered with it, features limited",
           manual("Resilience and Survivability"));
    }
    return;
  case Action::link_restored:
    m_link_lost.erase(key);
    emit(EventKind::scenario, st.target, "gets its TLS link to the primary server back", input_rule(st));
    if (m_registered && dns::same_name(m_list[*m_registered].target, st.target) &&
        m_list[*m_registered].is_survivability_proxy) {
      emit(EventKind::survivable, st.target,
           "normal mode: the proxy relays to the primary again and notifies the phone; full features",
           manual("Resilience and Survivability"));
    }
    return;
  case Action::call:
    place_call(st.hold);
    return;
  case Action::dns_remove: {
    const auto before = m_published.size();
    std::erase_if(m_published, [&](const ServerInfo& s) { return dns::same_name(s.target, st.target); });
    emit(EventKind::scenario, st.target,
         before == m_published.size() ? "removal from the SRV list requested, but it is not in it"
                                      : "removed from the published SRV list",
         input_rule(st));
    return;
  }
  case Action::dns_add: {
    ServerInfo s;
    s.target = st.target;
    s.port = st.port;
    s.priority = st.priority;
    s.weight = st.weight;
    s.is_survivability_proxy =
      !m_in->settings.survivability_proxy.empty() && dns::same_name(st.target, m_in->settings.survivability_proxy);
    std::erase_if(m_published, [&](const ServerInfo& x) { return dns::same_name(x.target, st.target); });
    m_published.push_back(s);
    emit(EventKind::scenario, server_label(s),
         fmt::format("added to the published SRV list (priority {}, weight {})", s.priority, s.weight), input_rule(st));
    return;
  }
  }
  // A server that carries a call in progress stopped working normally.
  for (const auto& c : m_calls) {
    if (c.in_progress && c.server && dns::same_name(m_list[*c.server].target, st.target) && st.action != Action::up) {
      emit(EventKind::note, label(*c.server),
           "a call in progress through it keeps its media, but its signalling path is lost (the BYE at the end "
           "will not get through)",
           assumed("media flows between the endpoints; only the signalling uses the server"));
    }
  }
}

void
PhoneMachine::inject(const Step& step)
{
  m_current = 0;
  apply(step);
  after_change();
}

// ---- output ----

void
PhoneMachine::emit(EventKind kind, std::string server, std::string text, Rule rule)
{
  if (kind == EventKind::failure_noticed) {
    m_noticed_by = m_current;
    m_last_notice = m_now;
  }
  m_events.push_back(Event{m_now, kind, std::move(server), std::move(text), std::move(rule)});
}

void
PhoneMachine::after_change()
{
  const bool ok = calls_work();
  if (m_booting) {
    if (ok) {
      m_booting = false;
      // A clean start (the first REGISTER answered) is not an outage; a
      // start that failed first is one from +0 (PHONE-MODEL.md, "outage
      // from the start").
      if (m_failed_once) {
        m_outages.push_back(OutageWindow{0, m_now, false});
        m_last_recovery = m_now;
        m_recovered_by = m_current;
      }
    }
    return;
  }
  if (!ok && !m_outage_start) {
    m_outage_start = m_now;
  } else if (ok && m_outage_start) {
    m_outages.push_back(OutageWindow{*m_outage_start, m_now, false});
    m_outage_start.reset();
    m_last_recovery = m_now;
    m_recovered_by = m_current;
  }
}

std::vector<ChainLink>
PhoneMachine::recovery_chain(Millis since) const
{
  return chain(m_recovered_by, m_last_recovery.value_or(since), since);
}

std::vector<ChainLink>
PhoneMachine::notice_chain(Millis since) const
{
  return chain(m_noticed_by, m_last_notice.value_or(since), since);
}

std::vector<ChainLink>
PhoneMachine::chain(std::uint64_t id, Millis cursor, Millis since) const
{
  // Walk back from the change; a wait counts from when it logically began
  // (a timeout from its request), and only for time no later wait covers.
  std::vector<ChainLink> out;
  while (id != 0 && cursor > since) {
    const auto it = m_fired.find(id);
    if (it == m_fired.end() || it->second.fired <= since) {
      break;
    }
    const Millis from = std::max(it->second.set, since);
    const Millis to = std::min(it->second.fired, cursor);
    if (to > from) {
      out.push_back(ChainLink{it->second.kind, from, to});
    }
    cursor = std::min(cursor, from);
    id = it->second.parent;
  }
  return out;
}

void
PhoneMachine::close(Millis end)
{
  m_now = std::max(m_now, end);
  if (m_booting && m_failed_once) {
    m_outages.push_back(OutageWindow{0, end, true});
  } else if (m_outage_start) {
    m_outages.push_back(OutageWindow{*m_outage_start, end, true});
    m_outage_start.reset();
  }
  std::stable_sort(m_events.begin(), m_events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
}

std::string
PhoneMachine::final_state() const
{
  if (m_registered) {
    const ServerInfo& s = m_list[*m_registered];
    return fmt::format("registered with {} (priority {}){}", server_label(s), s.priority,
                       survivable_mode() ? ", the survivability proxy standing in for the primary: features limited"
                                         : "");
  }
  if (m_via_backup) {
    return fmt::format("no primary server: outgoing calls via the backup {}", backup_label());
  }
  if (m_out_of_service || m_failed_once) {
    return "out of service: no server carries calls";
  }
  return "still registering when the simulation ended";
}

bool
PhoneMachine::survivable_mode() const
{
  if (!m_registered) {
    return false;
  }
  const ServerInfo& s = m_list[*m_registered];
  return s.is_survivability_proxy && m_link_lost.count(lower(s.target)) > 0;
}

bool
PhoneMachine::settled() const
{
  return m_state == PrimaryState::registered || m_state == PrimaryState::refreshing;
}

bool
PhoneMachine::calls_work() const
{
  const Transport t = m_in->settings.transport;
  if (m_registered) {
    // An INVITE to the server in use; a 503 or a refusal moves it to the next
    // server at once (RFC 3263 §4.3), silence waits for the response timer.
    for (std::size_t j = *m_registered; j < m_list.size(); ++j) {
      const ServerInfo& s = m_list[j];
      if (!s.has_address || kept_out(s)) {
        continue;
      }
      const Condition c = condition(s, j == *m_registered ? m_registered_address : 0);
      if (works(c, t)) {
        return true;
      }
      if (!fails_at_once(c, t)) {
        return false;
      }
    }
    return false;
  }
  return m_via_backup && backup_works();
}

// ---- the primary registration ----

void
PhoneMachine::begin_attempt(std::size_t i, std::size_t address, Why why)
{
  const PhoneSettings& s = m_in->settings;
  if (m_list.empty()) {
    if (!m_out_of_service) {
      m_out_of_service = true;
      m_failed_once = true;
      m_state = PrimaryState::waiting;
      emit(EventKind::out_of_service, "", "the phone has no server to register with: out of service",
           m_profile->no_server_left.rule());
    }
    return;
  }
  if (i >= m_list.size()) {
    list_exhausted(m_round_failure, 0);
    return;
  }
  const ServerInfo& srv = m_list[i];
  if (kept_out(srv)) {
    emit(EventKind::note, label(i),
         fmt::format("kept out by its Retry-After until {}: skipped", relative_time(m_out_until[lower(srv.target)])),
         rfc("RFC 3261 §21.5.4"));
    next_after(i, Failure::kept_out, 0, why == Why::refresh ? Why::after_request : why);
    return;
  }
  if (!srv.has_address) {
    m_failed_once = true;
    emit(EventKind::connect_failed, label(i), "no A/AAAA record: nothing to connect to", rfc("RFC 3263 §4.2"));
    next_after(i, Failure::no_address, 0, why == Why::refresh ? Why::after_request : why);
    return;
  }
  if (why == Why::refresh) {
    m_state = PrimaryState::refreshing;
  } else if (why == Why::failback) {
    m_state = PrimaryState::failing_back;
  } else {
    m_state = PrimaryState::registering;
  }
  Attempt a;
  a.server = i;
  a.address = address;
  a.why = why;
  a.sent = m_now;
  // A refresh goes over the connection the registration uses; UDP has none.
  a.connected = why == Why::refresh || s.transport == Transport::udp;
  a.timer = a.connected ? schedule(m_now + m_in->register_ms, TimerKind::register_answer)
                        : schedule(m_now + m_in->connect_ms, TimerKind::connect);
  m_attempt = a;
}

void
PhoneMachine::on_connect()
{
  Attempt& a = *m_attempt;
  a.timer = 0;
  const Transport t = m_in->settings.transport;
  const Condition c = condition(m_list[a.server], a.address);
  if (c.cond == Cond::down) {
    // The SYN goes unanswered: the transaction's non-INVITE timer covers it.
    a.timer = schedule(std::max(m_now, a.sent + ms_of(m_in->settings.non_invite_timer)), TimerKind::register_timeout, 0,
                       a.sent);
    return;
  }
  if (c.cond == Cond::refuse) {
    emit(EventKind::connect_failed, where(a.server, a.address), "connection refused (TCP RST): fails at once",
         rfc("RFC 3263 §4.3"));
    attempt_failed(Failure::refused);
    return;
  }
  if (c.cond == Cond::tls_fail && t == Transport::tls) {
    emit(EventKind::connect_failed, where(a.server, a.address), "TLS handshake failed: fails at once",
         rfc("RFC 3263 §4.3"));
    attempt_failed(Failure::refused);
    return;
  }
  a.connected = true;
  emit(EventKind::connect, where(a.server, a.address),
       fmt::format("{} connection set up ({} ms)", t == Transport::tls ? "TLS" : "TCP", m_in->connect_ms),
       rfc(t == Transport::tls ? "RFC 3261 §26.2" : "RFC 3261 §18"));
  a.timer = schedule(m_now + m_in->register_ms, TimerKind::register_answer);
}

void
PhoneMachine::on_register_answer()
{
  Attempt& a = *m_attempt;
  a.timer = 0;
  const Transport t = m_in->settings.transport;
  const ServerInfo& srv = m_list[a.server];
  const Condition c = condition(srv, a.address);
  if (c.cond == Cond::down) {
    a.timer = schedule(std::max(m_now, a.sent + ms_of(m_in->settings.non_invite_timer)), TimerKind::register_timeout, 0,
                       a.sent);
    return;
  }
  if (c.cond == Cond::refuse || (c.cond == Cond::tls_fail && t == Transport::tls)) {
    emit(EventKind::register_failed, where(a.server, a.address),
         t == Transport::udp ? "ICMP port unreachable: the REGISTER fails at once"
                             : "the connection is closed: the REGISTER fails at once",
         rfc("RFC 3263 §4.3"));
    attempt_failed(Failure::refused);
    return;
  }
  if (c.cond == Cond::unavailable) {
    std::string text = "REGISTER answered 503 Service Unavailable";
    if (c.retry_after > 0) {
      m_out_until[lower(srv.target)] = m_now + c.retry_after;
      text += fmt::format("; its Retry-After keeps it out until {}", relative_time(m_now + c.retry_after));
    }
    emit(EventKind::register_failed, where(a.server, a.address), text, rfc("RFC 3263 §4.3"));
    attempt_failed(Failure::unavailable);
    return;
  }
  if (c.cond == Cond::register_reject) {
    emit(EventKind::register_failed, where(a.server, a.address),
         fmt::format("REGISTER rejected with {}: the phone cannot register here", c.code),
         m_profile->failure_retry_rule.rule());
    attempt_failed(Failure::rejected);
    return;
  }
  registered_now();
}

void
PhoneMachine::on_register_timeout()
{
  Attempt& a = *m_attempt;
  a.timer = 0;
  emit(EventKind::register_failed, where(a.server, a.address),
       fmt::format("no answer to REGISTER within the non-INVITE timer ({} ms): server presumed dead",
                   m_in->settings.non_invite_timer.count()),
       m_profile->non_invite_timer_rule.rule());
  attempt_failed(Failure::timeout);
}

void
PhoneMachine::attempt_failed(Failure f)
{
  const Attempt a = *m_attempt;
  m_attempt.reset();
  m_failed_once = true;
  if (a.why == Why::failback) {
    // Still registered with the server it wanted to leave: refresh that one.
    emit(EventKind::note, label(a.server), fmt::format("failback failed: staying with {}", label(*m_registered)),
         assumed("failback at the next re-registration or list refresh after the server answers again"));
    begin_attempt(*m_registered, m_registered_address, Why::refresh);
    return;
  }
  Why next_why = Why::after_request;
  if (a.why == Why::refresh) {
    Rule rule = m_profile->request_next_server.rule();
    if (f == Failure::timeout) {
      rule = m_profile->non_invite_timer_rule.rule();
    } else if (f == Failure::rejected) {
      rule = m_profile->failure_retry_rule.rule();
    }
    emit(EventKind::failure_noticed, where(a.server, a.address), "failure noticed by the registration refresh", rule);
    leave_registration();
  } else if (a.why == Why::while_on_backup) {
    next_why = Why::while_on_backup;
  }
  if (f == Failure::rejected && next_why == Why::after_request) {
    next_why = Why::after_reject;
  }
  if (f == Failure::timeout && m_profile->timer_expiry_to_backup && has_backup() && !m_via_backup) {
    turn_to_backup("the non-INVITE timer expired",
                   with_suffix(m_profile->non_invite_timer_rule, ": the backup server, if configured"));
    if (m_profile->register_next_while_on_backup) {
      next_why = Why::while_on_backup;
    }
  }
  if (m_via_backup && !m_profile->register_next_while_on_backup) {
    m_round_failure = f;
    list_exhausted(f, 0);
    return;
  }
  Millis wait = 0;
  if (f == Failure::timeout && m_profile->backoff_before_next_server) {
    wait = backoff_wait();
  } else if (f == Failure::rejected && m_profile->wait_after_failure_response) {
    wait = m_profile->failure_response_retry_ms;
  }
  // Several addresses of one target are tried in turn (RFC 3263 §4.2).
  if ((f == Failure::timeout || f == Failure::refused) && a.address + 1 < address_count(m_list[a.server])) {
    m_state = PrimaryState::waiting;
    if (wait > 0) {
      emit(EventKind::backoff, label(a.server),
           fmt::format("waiting {} ms (random, up to the reg. backoff of {} s) before the REGISTER to its next address",
                       wait, m_in->settings.reg_backoff.count()),
           m_profile->backoff_rule.rule());
    }
    m_retry_server = a.server;
    m_retry_address = a.address + 1;
    m_retry_why = next_why;
    m_retry_timer = schedule(m_now + wait, TimerKind::retry_backoff);
    return;
  }
  next_after(a.server, f, wait, next_why);
}

void
PhoneMachine::next_after(std::size_t i, Failure f, Millis wait, Why why)
{
  m_round_failure = f;
  if (i + 1 >= m_list.size()) {
    list_exhausted(f, wait);
    return;
  }
  m_retry_server = i + 1;
  m_retry_address = 0;
  m_retry_why = why;
  if (wait > 0) {
    m_state = PrimaryState::waiting;
    if (f == Failure::rejected) {
      emit(EventKind::backoff, label(i),
           fmt::format("waiting {} s after the failure response before the REGISTER to the next server", wait / 1000),
           m_profile->failure_retry_rule.rule());
      m_retry_timer = schedule(m_now + wait, TimerKind::retry_fixed);
    } else {
      emit(EventKind::backoff, label(i),
           fmt::format("waiting {} ms (random, up to the reg. backoff of {} s) before the REGISTER to the next server",
                       wait, m_in->settings.reg_backoff.count()),
           m_profile->backoff_rule.rule());
      m_retry_timer = schedule(m_now + wait, TimerKind::retry_backoff);
    }
    return;
  }
  retry(i + 1, why);
}

void
PhoneMachine::retry(std::size_t server, Why why)
{
  if (server >= m_list.size()) {
    server = 0;
  }
  const std::size_t address = server == m_retry_server ? m_retry_address : 0;
  m_retry_address = 0;
  Rule rule = m_profile->request_next_server.rule();
  std::string text = "trying the next server of the list";
  if (address > 0) {
    rule = rfc("RFC 3263 §4.2");
    text = "trying the target's next address";
  } else if (why == Why::retry_top) {
    rule = m_profile->round_retry_rule.rule();
    text = "registering again from the top of the list";
  } else if (why == Why::after_check) {
    rule = m_profile->check_next_server.rule();
    text = "registering with the next server in priority order";
  } else if (why == Why::while_on_backup) {
    rule = m_profile->next_while_on_backup.rule();
    text = "on the backup, registering with the next server of the list as well";
  } else if (why == Why::after_reject) {
    rule = m_profile->reject_next_server.rule();
  }
  emit(EventKind::next_server, address > 0 ? where(server, address) : label(server), text, rule);
  begin_attempt(server, address, why);
}

void
PhoneMachine::list_exhausted(Failure f, Millis wait)
{
  const std::string last = m_list.empty() ? std::string() : label(m_list.size() - 1);
  if (has_backup() && !m_via_backup) {
    turn_to_backup("no other primary server in the SRV list answers", m_profile->no_other_primary.rule());
  }
  if (!calls_work() && !m_out_of_service) {
    m_out_of_service = true;
    emit(EventKind::out_of_service, "",
         !has_backup() ? "no primary server answers and no backup is configured: out of service"
                       : "no primary server answers and the backup does not answer: out of service",
         m_profile->no_server_left.rule());
  }
  const bool response = f == Failure::rejected || f == Failure::unavailable;
  if (wait == 0) {
    wait = response ? m_profile->failure_response_retry_ms : backoff_wait();
  }
  wait = std::max(wait, m_profile->min_round_wait_ms);
  m_state = PrimaryState::waiting;
  m_retry_server = 0;
  m_retry_address = 0;
  m_retry_why = Why::retry_top;
  if (response) {
    emit(
      EventKind::backoff, last,
      fmt::format("waiting {} ms after the failure response before registering again from the top of the list", wait),
      m_profile->failure_retry_rule.rule());
    m_retry_timer = schedule(m_now + wait, TimerKind::retry_fixed);
  } else {
    emit(EventKind::backoff, last,
         fmt::format("waiting {} ms (random, up to the reg. backoff of {} s) before registering again from the top "
                     "of the list",
                     wait, m_in->settings.reg_backoff.count()),
         m_profile->backoff_rule.rule());
    m_retry_timer = schedule(m_now + wait, TimerKind::retry_backoff);
  }
}

Millis
PhoneMachine::backoff_wait()
{
  const Millis max = ms_of(m_in->settings.reg_backoff);
  switch (m_draw) {
  case Draw::longest:
    return max;
  case Draw::shortest:
    return 0;
  case Draw::seeded:
    break;
  }
  if (max <= 0) {
    return 0;
  }
  // SplitMix64: the same numbers on every platform.
  std::uint64_t z = (m_random_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<Millis>(z % static_cast<std::uint64_t>(max + 1));
}

void
PhoneMachine::registered_now()
{
  const PhoneSettings& s = m_in->settings;
  const Attempt a = *m_attempt;
  m_attempt.reset();
  const std::size_t i = a.server;
  std::string checks;
  if (check_active()) {
    checks = fmt::format("; connectivity check every {} s{}", s.connectivity_check.count(),
                         s.transport == Transport::tcp ? " (on TCP)" : "");
  }
  if (a.why == Why::refresh) {
    m_state = PrimaryState::registered;
    emit(EventKind::registered, label(i), "registration refreshed", m_profile->refresh_rule.rule());
    // Counted from when the refresh went out, so refreshes keep their
    // phase against the check's ticks (the outage bounds rely on it).
    m_refresh_timer = schedule(a.sent + refresh_interval(), TimerKind::refresh);
    return;
  }
  if (a.why == Why::failback) {
    leave_registration();
    emit(EventKind::failback, label(i),
         fmt::format("registered again with the higher-priority server (priority {}){}", m_list[i].priority, checks),
         assumed("failback at the next re-registration or list refresh after the server answers again"));
  } else {
    Rule rule = m_profile->request_next_server.rule();
    if (a.why == Why::start && i == 0) {
      rule = m_profile->first_server.rule();
    } else if (a.why == Why::after_check) {
      rule = m_profile->check_next_server.rule();
    } else if (a.why == Why::retry_top && i == 0) {
      rule = m_profile->round_retry_rule.rule();
    } else if (a.why == Why::while_on_backup) {
      rule = m_profile->next_while_on_backup.rule();
    } else if (a.why == Why::list_change) {
      rule = assumed("a server dropped from the list is left at the list refresh");
    } else if (a.why == Why::after_reject) {
      rule = m_profile->reject_next_server.rule();
    }
    if (a.address > 0) {
      rule = rfc("RFC 3263 §4.2"); // the target's next address
    }
    emit(EventKind::registered, where(i, a.address),
         fmt::format("REGISTER 200 OK: registered for {} s (priority {}){}", s.registration_expiry.count(),
                     m_list[i].priority, checks),
         rule);
  }
  m_registered = i;
  m_registered_address = a.address;
  m_state = PrimaryState::registered;
  m_out_of_service = false;
  cancel(m_refresh_timer);
  m_refresh_timer = schedule(m_now + refresh_interval(), TimerKind::refresh);
  arm_check();
  if (m_via_backup) {
    m_via_backup = false;
    emit(EventKind::backup, label(i), "outgoing calls go to the primary again, not the backup",
         m_profile->backup_rule.rule());
  }
  if (survivable_mode()) {
    emit(EventKind::survivable, label(i), "the proxy is in survivable mode (no link to the primary): features limited",
         manual("Resilience and Survivability"));
  }
}

void
PhoneMachine::leave_registration()
{
  m_registered.reset();
  m_registered_address = 0;
  cancel(m_refresh_timer);
  cancel(m_check_timer);
  m_check = CheckState::off;
  if (m_attempt && (m_attempt->why == Why::refresh || m_attempt->why == Why::failback)) {
    cancel(m_attempt->timer);
    m_attempt.reset();
  }
  m_state = PrimaryState::registering;
}

void
PhoneMachine::turn_to_backup(const std::string& why, Rule rule)
{
  m_via_backup = true;
  const std::string transport(to_string(m_in->settings.backup_transport));
  std::string how;
  switch (m_backup_state) {
  case BackupState::registered:
  case BackupState::refreshing:
    how = fmt::format("registered in parallel over {}", transport);
    break;
  case BackupState::disabled:
    how = fmt::format("over {}; backup registration off: incoming calls cannot reach the phone through it", transport);
    break;
  default:
    how = fmt::format("over {}; its own registration has not succeeded", transport);
    break;
  }
  emit(EventKind::backup, backup_label(), fmt::format("{}: outgoing calls go to the backup ({})", why, how),
       std::move(rule));
}

void
PhoneMachine::on_refresh()
{
  if (!m_registered) {
    return;
  }
  if (try_failback("the re-registration")) {
    return;
  }
  begin_attempt(*m_registered, m_registered_address, Why::refresh);
}

bool
PhoneMachine::try_failback(const char* occasion)
{
  if (!m_registered || m_state != PrimaryState::registered) {
    return false;
  }
  const std::size_t cur = *m_registered;
  const Transport t = m_in->settings.transport;
  for (std::size_t j = 0; j < cur; ++j) {
    const ServerInfo& s = m_list[j];
    if (s.priority < m_list[cur].priority && s.has_address && !kept_out(s) && registrable(condition(s, 0), t)) {
      emit(EventKind::next_server, label(j), fmt::format("answers again: the phone moves back to it at {}", occasion),
           assumed("failback at the next re-registration or list refresh after the server answers again"));
      begin_attempt(j, 0, Why::failback);
      return true;
    }
  }
  return false;
}

// ---- the connectivity check ----

bool
PhoneMachine::check_active() const
{
  return model::check_active(m_in->settings, *m_profile);
}

Rule
PhoneMachine::check_rule() const
{
  return m_in->settings.transport == Transport::tcp ? m_profile->check_on_tcp_rule.rule()
                                                    : m_profile->check_rule.rule();
}

void
PhoneMachine::arm_check()
{
  cancel(m_check_timer);
  if (!check_active()) {
    m_check = CheckState::off;
    return;
  }
  m_check = CheckState::idle;
  m_check_timer = schedule(m_now + ms_of(m_in->settings.connectivity_check), TimerKind::check);
}

void
PhoneMachine::on_check()
{
  if (!m_registered) {
    m_check = CheckState::off;
    return;
  }
  const Transport t = m_in->settings.transport;
  const Condition c = condition(m_list[*m_registered], m_registered_address);
  if (c.cond == Cond::down) {
    m_check = CheckState::awaiting_pong;
    m_check_timer = schedule(m_now + m_profile->pong_wait_ms, TimerKind::pong);
    return;
  }
  if (c.cond == Cond::refuse || (c.cond == Cond::tls_fail && t == Transport::tls)) {
    emit(EventKind::check_failed, where(*m_registered, m_registered_address),
         "connectivity check: the connection is closed", check_rule());
    check_failed();
    return;
  }
  m_check = CheckState::idle;
  m_check_timer = schedule(m_now + ms_of(m_in->settings.connectivity_check), TimerKind::check);
}

void
PhoneMachine::on_pong_timeout()
{
  emit(EventKind::check_failed, where(*m_registered, m_registered_address),
       fmt::format("connectivity check: no pong within {} s", m_profile->pong_wait_ms / 1000), rfc("RFC 5626 §4.4.1"));
  check_failed();
}

void
PhoneMachine::check_failed()
{
  const std::size_t i = *m_registered;
  emit(EventKind::failure_noticed, label(i), "failure noticed by the connectivity check", check_rule());
  leave_registration();
  next_after(i, Failure::timeout, 0, Why::after_check);
}

// ---- calls ----

void
PhoneMachine::place_call(Millis hold)
{
  const Transport t = m_in->settings.transport;
  Call call;
  call.id = m_next_call++;
  call.hold = hold;
  if (m_registered) {
    const std::size_t i = *m_registered;
    const Condition c = condition(m_list[i], m_registered_address);
    if (kept_out(m_list[i])) {
      emit(EventKind::note, label(i),
           fmt::format("kept out by its Retry-After until {}: the INVITE goes to the next server",
                       relative_time(m_out_until[lower(m_list[i].target)])),
           rfc("RFC 3261 §21.5.4"));
      invite_from(i + 1, call);
      return;
    }
    if (c.cond == Cond::unavailable) {
      std::string text = "outgoing call: INVITE answered 503 Service Unavailable";
      if (c.retry_after > 0) {
        m_out_until[lower(m_list[i].target)] = m_now + c.retry_after;
        text += fmt::format("; its Retry-After keeps it out until {}", relative_time(m_now + c.retry_after));
      }
      emit(EventKind::call_failed, label(i), text, rfc("RFC 3263 §4.3"));
      invite_from(i + 1, call);
      return;
    }
    if (works(c, t)) {
      emit(EventKind::call, label(i), "outgoing call: INVITE answered", rfc("RFC 3261 §17.1.1"));
      start_call(call, i);
      return;
    }
    if (c.cond == Cond::down) {
      emit(EventKind::call, label(i), "outgoing call: INVITE sent, no answer yet",
           m_profile->response_timer_rule.rule());
      call.server = i;
      call.timer = schedule(m_now + ms_of(m_in->settings.response_timer), TimerKind::call_timeout, call.id);
      m_calls.push_back(call);
      return;
    }
    // Refused or TLS broken: the call fails at once and the phone knows.
    emit(EventKind::call_failed, label(i),
         c.cond == Cond::refuse ? "outgoing call: connection refused" : "outgoing call: TLS connection broken",
         rfc("RFC 3263 §4.3"));
    emit(EventKind::failure_noticed, label(i), "failure noticed by the call", m_profile->request_next_server.rule());
    leave_registration();
    invite_from(i + 1, call);
    next_after(i, Failure::refused, 0, Why::after_request);
    return;
  }
  if (m_via_backup) {
    if (backup_works()) {
      emit(EventKind::call, backup_label(), "outgoing call via the backup", m_profile->backup_rule.rule());
      start_call(call, std::nullopt);
    } else {
      emit(EventKind::call_failed, backup_label(), "outgoing call via the backup fails: the backup does not answer",
           m_profile->backup_rule.rule());
    }
    return;
  }
  emit(EventKind::call_failed, "", "outgoing call fails: the phone is not registered with any server",
       m_profile->no_server_left.rule());
}

void
PhoneMachine::invite_from(std::size_t first, Call call)
{
  const Transport t = m_in->settings.transport;
  for (std::size_t j = first; j < m_list.size(); ++j) {
    const ServerInfo& s = m_list[j];
    if (!s.has_address || kept_out(s)) {
      continue;
    }
    const Condition c = condition(s, 0);
    if (works(c, t)) {
      emit(EventKind::call, label(j), "the INVITE is retried at the next server and answered", rfc("RFC 3263 §4.3"));
      start_call(call, j);
      return;
    }
    if (c.cond == Cond::down) {
      emit(EventKind::call, label(j), "the INVITE is retried at the next server, no answer yet", rfc("RFC 3263 §4.3"));
      call.server = j;
      call.timer = schedule(m_now + ms_of(m_in->settings.response_timer), TimerKind::call_timeout, call.id);
      m_calls.push_back(call);
      return;
    }
  }
  emit(EventKind::call_failed, "", "no other server of the list takes the INVITE: the call fails",
       rfc("RFC 3263 §4.3"));
}

void
PhoneMachine::start_call(Call call, std::optional<std::size_t> server)
{
  if (call.hold <= 0) {
    return;
  }
  call.server = server;
  call.in_progress = true;
  call.timer = schedule(m_now + call.hold, TimerKind::call_end, call.id);
  m_calls.push_back(call);
}

void
PhoneMachine::on_call_timeout(std::size_t id)
{
  const auto it = std::find_if(m_calls.begin(), m_calls.end(), [&](const Call& c) { return c.id == id; });
  if (it == m_calls.end()) {
    return;
  }
  const Call call = *it;
  m_calls.erase(it);
  const std::size_t i = *call.server;
  emit(EventKind::call_failed, label(i),
       fmt::format("no answer to the INVITE within the response timer ({} ms): server presumed dead",
                   m_in->settings.response_timer.count()),
       m_profile->response_timer_rule.rule());
  if (!m_registered || *m_registered != i) {
    return; // the phone has left that server already
  }
  emit(EventKind::failure_noticed, label(i), "failure noticed by the call's response timer",
       m_profile->response_timer_rule.rule());
  leave_registration();
  Call again = call;
  again.timer = 0;
  if (m_profile->timer_expiry_to_backup && has_backup() && !m_via_backup) {
    turn_to_backup("the response timer expired",
                   with_suffix(m_profile->response_timer_rule, ": the backup server, if configured"));
    if (backup_works()) {
      emit(EventKind::call, backup_label(), "the call is tried again via the backup and answered",
           m_profile->backup_rule.rule());
      start_call(again, std::nullopt);
    }
    if (m_profile->register_next_while_on_backup) {
      next_after(i, Failure::timeout, 0, Why::while_on_backup);
    } else {
      list_exhausted(Failure::timeout, 0);
    }
    return;
  }
  invite_from(i + 1, again);
  next_after(i, Failure::timeout, 0, Why::after_request);
}

void
PhoneMachine::on_call_end(std::size_t id)
{
  const auto it = std::find_if(m_calls.begin(), m_calls.end(), [&](const Call& c) { return c.id == id; });
  if (it == m_calls.end()) {
    return;
  }
  const Call call = *it;
  m_calls.erase(it);
  const bool reachable =
    call.server ? works(condition(m_list[*call.server], 0), m_in->settings.transport) : backup_works();
  emit(EventKind::call, call.server ? label(*call.server) : backup_label(),
       reachable ? "the call in progress ends: BYE answered" : "the call in progress ends: the BYE gets no answer",
       rfc("RFC 3261 §15.1.1"));
}

// ---- the backup registration ----

void
PhoneMachine::backup_register(bool refresh)
{
  m_backup_state = refresh ? BackupState::refreshing : BackupState::registering;
  m_backup_sent = m_now;
  const Millis connect = m_in->settings.backup_transport == Transport::tcp && !refresh ? m_in->connect_ms : 0;
  m_backup_timer = schedule(m_now + connect + m_in->register_ms, TimerKind::backup_answer);
}

void
PhoneMachine::on_backup_answer()
{
  const Condition c = condition(*m_in->backup, 0);
  if (c.cond == Cond::down || !m_in->backup->has_address) {
    m_backup_timer = schedule(std::max(m_now, m_backup_sent + ms_of(m_in->settings.non_invite_timer)),
                              TimerKind::backup_timeout, 0, m_backup_sent);
    return;
  }
  if (c.cond == Cond::refuse) {
    const Millis wait = std::max(backoff_wait(), m_profile->min_round_wait_ms);
    emit(EventKind::backup, backup_label(),
         fmt::format("the backup refuses the connection; REGISTER again in {} ms", wait),
         m_profile->backoff_rule.rule());
    m_backup_state = BackupState::waiting;
    m_backup_timer = schedule(m_now + wait, TimerKind::backup_retry);
    return;
  }
  if (c.cond == Cond::unavailable || c.cond == Cond::register_reject) {
    emit(EventKind::backup, backup_label(),
         fmt::format("the backup rejects the REGISTER with {}; REGISTER again in {} s", c.code,
                     m_profile->failure_response_retry_ms / 1000),
         m_profile->failure_retry_rule.rule());
    m_backup_state = BackupState::waiting;
    m_backup_timer = schedule(m_now + m_profile->failure_response_retry_ms, TimerKind::backup_retry);
    return;
  }
  const bool refresh = m_backup_state == BackupState::refreshing;
  m_backup_state = BackupState::registered;
  emit(EventKind::backup, backup_label(),
       refresh
         ? std::string("backup registration refreshed")
         : fmt::format("registered with the backup over {} in parallel", to_string(m_in->settings.backup_transport)),
       m_profile->backup_rule.rule());
  const Millis refresh_after = m_profile->backup_registration_s * 1000 * m_profile->refresh_percent / 100;
  m_backup_timer = schedule(m_now + refresh_after, TimerKind::backup_refresh);
}

void
PhoneMachine::on_backup_timeout()
{
  const Millis wait = std::max(backoff_wait(), m_profile->min_round_wait_ms);
  emit(
    EventKind::backup, backup_label(),
    fmt::format("the backup does not answer the REGISTER within the non-INVITE timer; REGISTER again in {} ms", wait),
    m_profile->backoff_rule.rule());
  m_backup_state = BackupState::waiting;
  m_backup_timer = schedule(m_now + wait, TimerKind::backup_retry);
}

// ---- DNS ----

Millis
PhoneMachine::refetch_interval() const
{
  return std::max<Millis>(static_cast<Millis>(m_in->list_ttl) * 1000, k_min_refetch_ms);
}

void
PhoneMachine::on_dns_refetch()
{
  const bool changed = !same_servers(m_published, m_list_published);
  std::vector<ServerInfo> fresh = changed ? phone_order(m_published, m_in->seed) : m_list_published;
  m_list_published = fresh; // the full list in the phone's order
  if (!m_in->settings.outbound_proxy && fresh.size() > 1) {
    fresh.resize(1);
  }
  std::vector<std::string> names;
  for (const auto& s : fresh) {
    names.push_back(fmt::format("{} (priority {})", server_label(s), s.priority));
  }
  emit(EventKind::dns_fetch, "",
       fmt::format("TTL ran out: SRV list fetched again, {}: {}", changed ? "changed" : "unchanged",
                   names.empty() ? std::string("no servers") : fmt::format("{}", fmt::join(names, ", "))),
       manual("Resilience and Survivability: re-fetched depending on the TTL"));
  m_dns_timer = schedule(m_now + refetch_interval(), TimerKind::dns_refetch);
  if (!changed) {
    try_failback("the list refresh");
    return;
  }
  const auto index_in = [&](const std::vector<ServerInfo>& list, std::size_t i) -> std::optional<std::size_t> {
    if (i >= m_list.size()) {
      return std::nullopt;
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (dns::same_name(list[k].target, m_list[i].target) && list[k].port == m_list[i].port) {
        return k;
      }
    }
    return std::nullopt;
  };
  const std::optional<std::size_t> current = m_registered ? index_in(fresh, *m_registered) : std::nullopt;
  const std::optional<std::size_t> trying = m_attempt ? index_in(fresh, m_attempt->server) : std::nullopt;
  const std::optional<std::size_t> next = m_retry_timer != 0 ? index_in(fresh, m_retry_server) : std::nullopt;
  const std::optional<std::string> left = m_registered ? std::optional(m_list[*m_registered].target) : std::nullopt;
  const bool had_attempt = m_attempt.has_value();
  m_list = std::move(fresh);
  if (m_attempt) {
    if (trying) {
      m_attempt->server = *trying;
    } else {
      cancel(m_attempt->timer);
      m_attempt.reset();
    }
  }
  if (m_retry_timer != 0) {
    m_retry_server = next.value_or(0);
  }
  if (left) {
    if (current) {
      m_registered = current;
      try_failback("the list refresh");
      return;
    }
    emit(EventKind::next_server, *left,
         "no longer in the SRV list: the phone registers with the first server of the new list",
         assumed("a server dropped from the list is left at the list refresh"));
    m_registered.reset(); // leave_registration would also drop a refresh in flight to it
    leave_registration();
    begin_attempt(0, 0, Why::list_change);
    return;
  }
  if (had_attempt && !m_attempt && m_retry_timer == 0) {
    begin_attempt(0, 0, Why::list_change); // the server it was trying is gone
  }
}

// ---- labels ----

std::string
PhoneMachine::label(std::size_t i) const
{
  return server_label(m_list[i]);
}

std::string
PhoneMachine::where(std::size_t i, std::size_t address) const
{
  const ServerInfo& s = m_list[i];
  if (s.addresses.size() < 2 || address >= s.addresses.size()) {
    return server_label(s);
  }
  return fmt::format("{} ({})", server_label(s), s.addresses[address]);
}

std::string
PhoneMachine::backup_label() const
{
  return m_in->backup ? server_label(*m_in->backup) : std::string();
}

Millis
PhoneMachine::refresh_interval() const
{
  return refresh_interval_ms(m_in->settings, *m_profile);
}

} // namespace sipsurv::model
