#include "core/model/phone_model.hpp"

#include "core/dns/records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace sipsurv::model {
namespace {

enum class Cond { up, down, unavailable, tls_fail };

enum class Job {
  scenario_step, // arg: step index
  dns_fetch,
  attempt,          // arg: list index; start registering
  connected,        // arg: list index; TCP/TLS set up (or failed)
  register_answer,  // arg: list index
  register_timeout, // arg: list index
  backup_register,
  check,
  check_timeout,
  refresh,
  call_timeout,
  round_restart,
};

struct Pending {
  Millis at = 0;
  std::uint64_t seq = 0;
  Job job = Job::check;
  std::size_t arg = 0;
  std::uint64_t generation = 0; // jobs of an older registration are dropped
};

// SplitMix64: a tiny, portable, seeded generator (the same numbers on every
// platform, unlike the standard distributions).
class Random
{
public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next()
  {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  Millis up_to(Millis max) { return max <= 0 ? 0 : static_cast<Millis>(next() % static_cast<std::uint64_t>(max + 1)); }

private:
  std::uint64_t m_state;
};

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

class Simulation
{
public:
  Simulation(const ModelInput& in, const Scenario& sc, Millis duration)
      : m_in(in), m_sc(sc), m_end(duration), m_random(in.seed ^ 0x5157505355525600ULL)
  {
    m_published = in.servers;
  }

  SimResult run()
  {
    start();
    std::size_t processed = 0;
    while (!m_queue.empty()) {
      auto it = std::min_element(m_queue.begin(), m_queue.end(), [](const Pending& a, const Pending& b) {
        return a.at != b.at ? a.at < b.at : a.seq < b.seq;
      });
      const Pending p = *it;
      m_queue.erase(it);
      if (p.at > m_end) {
        break;
      }
      if (++processed > k_max_events * 4 || m_result.events.size() >= k_max_events) {
        m_result.event_limit_hit = true;
        emit(p.at, EventKind::note, "", fmt::format("event limit of {} reached: simulation stopped", k_max_events),
             assumed("sipsurv limit"));
        break;
      }
      m_now = p.at;
      handle(p);
      account_outage();
    }
    return finish();
  }

private:
  // ---- the world ----
  Cond cond_of(const std::string& target) const
  {
    auto it = m_cond.find(dns::normalize_name(target));
    return it == m_cond.end() ? Cond::up : it->second;
  }

  bool link_lost(const std::string& target) const { return m_link_lost.count(dns::normalize_name(target)) > 0; }

  // Whether a request to `s` over the phone's transport works now.
  bool works(const ServerInfo& s, Transport t) const
  {
    const Cond c = cond_of(s.target);
    return s.has_address && (c == Cond::up || (c == Cond::tls_fail && t != Transport::tls));
  }

  bool calls_work() const
  {
    if (m_current) {
      return works(m_list[*m_current], m_in.settings.transport);
    }
    if (m_calls_via_backup && m_in.backup) {
      return works(*m_in.backup, m_in.settings.backup_transport);
    }
    return false;
  }

  // ---- output ----
  void emit(Millis at, EventKind kind, std::string server, std::string text, Rule rule)
  {
    m_result.events.push_back(Event{at, kind, std::move(server), std::move(text), std::move(rule)});
  }

  void schedule(Millis at, Job job, std::size_t arg = 0)
  {
    m_queue.push_back(Pending{at, m_seq++, job, arg, m_generation});
  }

  std::string label(std::size_t i) const { return server_label(m_list[i]); }

  // ---- start ----
  void start()
  {
    const PhoneSettings& s = m_in.settings;
    for (std::size_t i = 0; i < m_sc.steps.size(); ++i) {
      schedule(m_sc.steps[i].at, Job::scenario_step, i);
    }
    // Steps at time 0 describe the starting world: apply them before the
    // phone does anything.
    while (!m_queue.empty()) {
      auto first = std::min_element(m_queue.begin(), m_queue.end(),
                                    [](const Pending& a, const Pending& b) { return a.seq < b.seq; });
      if (first->job != Job::scenario_step || first->at != 0) {
        break;
      }
      const Pending p = *first;
      m_queue.erase(first);
      handle(p);
    }
    m_list = m_published; // already in the phone's order: never drawn a second time
    if (m_in.uses_srv) {
      std::vector<std::string> names;
      for (std::size_t i = 0; i < m_list.size(); ++i) {
        names.push_back(fmt::format("{} (priority {})", label(i), m_list[i].priority));
      }
      emit(0, EventKind::dns_fetch, "",
           fmt::format("SRV list for {} over {}: {}", s.sip_gateway.empty() ? "the gateway" : s.sip_gateway,
                       to_string(s.transport),
                       names.empty() ? std::string("no servers") : fmt::format("{}", fmt::join(names, ", "))),
           rfc("RFC 3263 §4.1, RFC 2782"));
      if (m_in.list_ttl > 0) {
        const Millis ttl = std::max<Millis>(static_cast<Millis>(m_in.list_ttl) * 1000, k_min_refetch_ms);
        schedule(ttl, Job::dns_fetch);
      }
    } else {
      emit(0, EventKind::note, m_list.empty() ? std::string() : label(0),
           fmt::format("SIP server port {} is not 0: DNS SRV is not used, the phone knows this one server only",
                       effective_sip_server_port(s)),
           manual("Resilience and Survivability"));
    }
    if (m_in.backup && s.backup_registration) {
      schedule(0, Job::backup_register);
    }
    schedule(0, Job::attempt, 0);
  }

  // ---- dispatch ----
  void handle(const Pending& p)
  {
    const bool stale = p.generation != m_generation;
    switch (p.job) {
    case Job::scenario_step:
      apply_step(m_sc.steps[p.arg]);
      return;
    case Job::dns_fetch:
      dns_fetch();
      return;
    case Job::backup_register:
      backup_register();
      return;
    case Job::round_restart:
      if (!stale) {
        attempt(0);
      }
      return;
    case Job::attempt:
      if (!stale) {
        attempt(p.arg);
      }
      return;
    case Job::connected:
      if (!stale) {
        connected(p.arg);
      }
      return;
    case Job::register_answer:
      if (!stale) {
        register_answer(p.arg);
      }
      return;
    case Job::register_timeout:
      if (!stale) {
        register_timeout(p.arg);
      }
      return;
    case Job::check:
      if (!stale) {
        check();
      }
      return;
    case Job::check_timeout:
      if (!stale) {
        check_timeout();
      }
      return;
    case Job::refresh:
      if (!stale) {
        refresh();
      }
      return;
    case Job::call_timeout:
      if (!stale) {
        call_timeout();
      }
      return;
    }
  }

  // ---- scenario ----
  void apply_step(const Step& st)
  {
    const std::string key = dns::normalize_name(st.target);
    switch (st.action) {
    case Action::up:
      m_cond[key] = Cond::up;
      emit(m_now, EventKind::scenario, st.target, "answers again", scenario_input());
      return;
    case Action::down:
      m_cond[key] = Cond::down;
      emit(m_now, EventKind::scenario, st.target, "stops answering (silent)", scenario_input());
      return;
    case Action::unavailable:
      m_cond[key] = Cond::unavailable;
      emit(m_now, EventKind::scenario, st.target, "answers every request with 503 Service Unavailable",
           scenario_input());
      return;
    case Action::tls_fail:
      m_cond[key] = Cond::tls_fail;
      emit(m_now, EventKind::scenario, st.target, "TLS breaks: connections close, handshakes fail", scenario_input());
      return;
    case Action::link_lost:
      m_link_lost.insert(key);
      emit(m_now, EventKind::scenario, st.target, "loses its TLS link to the primary server", scenario_input());
      if (m_current && dns::same_name(m_list[*m_current].target, st.target) &&
          m_list[*m_current].is_survivability_proxy) {
        emit(m_now, EventKind::survivable, st.target,
             "survivable mode: the proxy stands in for the primary and notifies the phone; the phone stays "
             "registered with it, features limited",
             manual("Resilience and Survivability"));
      }
      return;
    case Action::link_restored:
      m_link_lost.erase(key);
      emit(m_now, EventKind::scenario, st.target, "gets its TLS link to the primary server back", scenario_input());
      if (m_current && dns::same_name(m_list[*m_current].target, st.target) &&
          m_list[*m_current].is_survivability_proxy) {
        emit(m_now, EventKind::survivable, st.target,
             "normal mode: the proxy relays to the primary again and notifies the phone; full features",
             manual("Resilience and Survivability"));
      }
      return;
    case Action::call:
      call();
      return;
    case Action::dns_remove: {
      const auto before = m_published.size();
      std::erase_if(m_published, [&](const ServerInfo& s) { return dns::same_name(s.target, st.target); });
      emit(m_now, EventKind::scenario, st.target,
           before == m_published.size() ? "removal from the SRV list requested, but it is not in it"
                                        : "removed from the published SRV list",
           scenario_input());
      return;
    }
    case Action::dns_add: {
      ServerInfo s;
      s.target = st.target;
      s.port = st.port;
      s.priority = st.priority;
      s.weight = st.weight;
      s.is_survivability_proxy =
        !m_in.settings.survivability_proxy.empty() && dns::same_name(st.target, m_in.settings.survivability_proxy);
      std::erase_if(m_published, [&](const ServerInfo& x) { return dns::same_name(x.target, st.target); });
      m_published.push_back(s);
      emit(m_now, EventKind::scenario, server_label(s),
           fmt::format("added to the published SRV list (priority {}, weight {})", s.priority, s.weight),
           scenario_input());
      return;
    }
    }
  }

  // ---- DNS ----
  void dns_fetch()
  {
    const bool changed = !same_servers(m_published, m_list);
    std::vector<ServerInfo> fresh = changed ? phone_order(m_published, m_in.seed) : m_list;
    std::vector<std::string> names;
    for (const auto& s : fresh) {
      names.push_back(fmt::format("{} (priority {})", server_label(s), s.priority));
    }
    emit(m_now, EventKind::dns_fetch, "",
         fmt::format("TTL ran out: SRV list fetched again, {}: {}", changed ? "changed" : "unchanged",
                     names.empty() ? std::string("no servers") : fmt::format("{}", fmt::join(names, ", "))),
         manual("Resilience and Survivability: re-fetched depending on the TTL"));
    const Millis ttl = std::max<Millis>(static_cast<Millis>(m_in.list_ttl) * 1000, k_min_refetch_ms);
    schedule(m_now + ttl, Job::dns_fetch);
    if (!changed) {
      maybe_failback("the list refresh");
      return;
    }
    std::optional<std::string> current;
    if (m_current) {
      current = m_list[*m_current].target;
    }
    m_list = std::move(fresh);
    if (!current) {
      return; // registering or out of service: the next attempt uses the new list
    }
    const auto at = find_server(m_list, *current);
    if (!at) {
      emit(m_now, EventKind::next_server, *current,
           "no longer in the SRV list: the phone registers with the first server of the new list",
           assumed("a server dropped from the list is left at the list refresh"));
      leave_current();
      m_failback_pending = false;
      attempt(0);
      return;
    }
    m_current = at;
    maybe_failback("the list refresh");
  }

  // ---- registration ----
  void attempt(std::size_t i)
  {
    const PhoneSettings& s = m_in.settings;
    if (i >= m_list.size()) {
      round_exhausted();
      return;
    }
    const ServerInfo& srv = m_list[i];
    if (!srv.has_address) {
      emit(m_now, EventKind::connect_failed, label(i), "no A/AAAA record: nothing to connect to; next server",
           rfc("RFC 3263 §4.2"));
      attempt(i + 1);
      return;
    }
    if (s.transport == Transport::udp) {
      schedule(m_now + 0, Job::connected, i);
    } else {
      schedule(m_now + m_in.connect_ms, Job::connected, i);
    }
  }

  void connected(std::size_t i)
  {
    const PhoneSettings& s = m_in.settings;
    const Cond c = cond_of(m_list[i].target);
    if (c == Cond::down) {
      schedule(m_now + ms_of(s.non_invite_timer) - (s.transport == Transport::udp ? 0 : m_in.connect_ms),
               Job::register_timeout, i);
      return;
    }
    if (s.transport != Transport::udp) {
      if (c == Cond::tls_fail && s.transport == Transport::tls) {
        emit(m_now, EventKind::connect_failed, label(i), "TLS handshake failed; next server", rfc("RFC 3263 §4.3"));
        attempt(i + 1);
        return;
      }
      emit(m_now, EventKind::connect, label(i),
           fmt::format("{} connection set up ({} ms)", s.transport == Transport::tls ? "TLS" : "TCP", m_in.connect_ms),
           rfc(s.transport == Transport::tls ? "RFC 3261 §26.2" : "RFC 3261 §18"));
    }
    schedule(m_now + m_in.register_ms, Job::register_answer, i);
  }

  void register_answer(std::size_t i)
  {
    const Cond c = cond_of(m_list[i].target);
    if (c == Cond::down) {
      schedule(m_now + ms_of(m_in.settings.non_invite_timer) - m_in.register_ms, Job::register_timeout, i);
      return;
    }
    if (c == Cond::unavailable) {
      emit(m_now, EventKind::register_failed, label(i), "REGISTER answered 503 Service Unavailable; next server",
           rfc("RFC 3263 §4.3"));
      attempt(i + 1);
      return;
    }
    registered(i);
  }

  void registered(std::size_t i)
  {
    const PhoneSettings& s = m_in.settings;
    const bool back = m_ever_registered && m_last_index && i < *m_last_index && m_failback_pending;
    ++m_generation;
    m_current = i;
    m_last_index = i;
    m_failback_pending = false;
    m_out_of_service = false;
    m_ever_registered = true;
    std::string checks =
      check_active(s) ? fmt::format("; connectivity check every {} s", s.connectivity_check.count()) : std::string();
    if (back) {
      emit(m_now, EventKind::failback, label(i),
           fmt::format("registered again with the higher-priority server (priority {}){}", m_list[i].priority, checks),
           assumed("failback at the next re-registration or list refresh after the server answers again"));
    } else {
      emit(m_now, EventKind::registered, label(i),
           fmt::format("REGISTER 200 OK: registered (priority {}){}", m_list[i].priority, checks),
           i == 0 ? manual("Resilience and Survivability: highest-priority server first")
                  : manual("Resilience and Survivability: next server in priority order"));
    }
    if (m_calls_via_backup) {
      m_calls_via_backup = false;
      emit(m_now, EventKind::backup, label(i), "outgoing calls go to the primary again, not the backup",
           manual("Backup SIP Server"));
    }
    if (m_list[i].is_survivability_proxy && link_lost(m_list[i].target)) {
      emit(m_now, EventKind::survivable, label(i),
           "the proxy is in survivable mode (no link to the primary): features limited",
           manual("Resilience and Survivability"));
    }
    if (check_active(s)) {
      schedule(m_now + ms_of(s.connectivity_check), Job::check);
    }
    schedule(m_now + refresh_interval_ms(s), Job::refresh);
  }

  void register_timeout(std::size_t i)
  {
    const PhoneSettings& s = m_in.settings;
    const bool was_current = m_current && *m_current == i;
    emit(m_now, EventKind::register_failed, label(i),
         fmt::format("no answer to REGISTER within the non-INVITE timer ({} ms): server presumed dead",
                     s.non_invite_timer.count()),
         manual("Non-INVITE Transaction Timer"));
    if (was_current) {
      emit(m_now, EventKind::failure_noticed, label(i), "failure noticed by the registration refresh",
           manual("Non-INVITE Transaction Timer"));
      leave_current();
    }
    const Millis wait = m_random.up_to(ms_of(s.reg_backoff));
    emit(m_now, EventKind::backoff, label(i),
         fmt::format("waiting {} ms (random, up to the reg. backoff of {} s) before the next REGISTER", wait,
                     s.reg_backoff.count()),
         manual("Maximum Registration Backoff Timer"));
    if (i + 1 >= m_list.size()) {
      round_exhausted_after(wait);
      return;
    }
    emit(m_now + wait, EventKind::next_server, server_label(m_list[i + 1]), "trying the next server of the list",
         rfc("RFC 3263 §4.3"));
    schedule(m_now + wait, Job::attempt, i + 1);
  }

  // Every server of the list failed in this round.
  void round_exhausted()
  {
    round_exhausted_after(std::max(m_random.up_to(ms_of(m_in.settings.reg_backoff)), k_min_round_wait_ms));
  }

  void round_exhausted_after(Millis wait)
  {
    wait = std::max(wait, k_min_round_wait_ms);
    if (m_in.backup && !m_calls_via_backup) {
      const ServerInfo& b = *m_in.backup;
      if (works(b, m_in.settings.backup_transport) && (m_backup_registered || !m_in.settings.backup_registration)) {
        m_calls_via_backup = true;
        emit(m_now, EventKind::backup, server_label(b),
             m_backup_registered
               ? fmt::format("no other primary server in the SRV list: outgoing calls go to the backup ({}, "
                             "registered in parallel)",
                             to_string(m_in.settings.backup_transport))
               : fmt::format("no other primary server in the SRV list: registered with the backup ({}) and "
                             "outgoing calls go to it",
                             to_string(m_in.settings.backup_transport)),
             manual("Backup SIP Server"));
      }
    }
    if (!m_calls_via_backup && !m_out_of_service) {
      m_out_of_service = true;
      emit(m_now, EventKind::out_of_service, "",
           m_in.backup ? "no primary server and the backup does not answer: out of service"
                       : "no primary server answers and no backup is configured: out of service",
           manual("Resilience and Survivability"));
    }
    ++m_generation;
    emit(m_now + wait, EventKind::next_server, m_list.empty() ? std::string() : label(0),
         "registering again from the top of the list", manual("Maximum Registration Backoff Timer"));
    schedule(m_now + wait, Job::round_restart);
  }

  void backup_register()
  {
    const ServerInfo& b = *m_in.backup;
    if (works(b, m_in.settings.backup_transport)) {
      m_backup_registered = true;
      emit(m_now + m_in.register_ms, EventKind::backup, server_label(b),
           fmt::format("registered with the backup over {} in parallel", to_string(m_in.settings.backup_transport)),
           manual("Backup SIP Server"));
    } else {
      emit(m_now + ms_of(m_in.settings.non_invite_timer), EventKind::backup, server_label(b),
           "the backup does not answer the parallel REGISTER", manual("Backup SIP Server"));
    }
  }

  // ---- noticing failures ----
  void check()
  {
    const PhoneSettings& s = m_in.settings;
    const ServerInfo& srv = m_list[*m_current];
    const Cond c = cond_of(srv.target);
    if (c == Cond::down) {
      schedule(m_now + k_pong_wait_ms, Job::check_timeout);
      return;
    }
    if (c == Cond::tls_fail && s.transport == Transport::tls) {
      emit(m_now, EventKind::check_failed, label(*m_current), "connectivity check: the TLS connection is closed",
           manual("TLS Connectivity Check"));
      noticed_and_fail_over("the connectivity check", manual("TLS Connectivity Check"));
      return;
    }
    schedule(m_now + ms_of(s.connectivity_check), Job::check);
  }

  void check_timeout()
  {
    emit(m_now, EventKind::check_failed, label(*m_current), "connectivity check: no pong within 10 s",
         rfc("RFC 5626 §4.4.1"));
    noticed_and_fail_over("the connectivity check", manual("TLS Connectivity Check"));
  }

  void refresh()
  {
    const PhoneSettings& s = m_in.settings;
    const std::size_t i = *m_current;
    const Cond c = cond_of(m_list[i].target);
    if (c == Cond::down) {
      ++m_generation; // checks of this registration stop while the refresh hangs
      schedule(m_now + ms_of(s.non_invite_timer), Job::register_timeout, i);
      return;
    }
    if (c == Cond::unavailable) {
      emit(m_now, EventKind::register_failed, label(i), "registration refresh answered 503", rfc("RFC 3263 §4.3"));
      noticed_and_fail_over("the registration refresh", rfc("RFC 3263 §4.3"));
      return;
    }
    if (c == Cond::tls_fail && s.transport == Transport::tls) {
      emit(m_now, EventKind::connect_failed, label(i), "registration refresh: TLS handshake failed",
           rfc("RFC 3263 §4.3"));
      noticed_and_fail_over("the registration refresh", rfc("RFC 3263 §4.3"));
      return;
    }
    emit(m_now, EventKind::registered, label(i), "registration refreshed",
         assumed("refresh when half the registration timer has run"));
    schedule(m_now + refresh_interval_ms(s), Job::refresh);
    maybe_failback("the re-registration");
  }

  void call()
  {
    const PhoneSettings& s = m_in.settings;
    if (m_current) {
      const std::size_t i = *m_current;
      const Cond c = cond_of(m_list[i].target);
      if (works(m_list[i], s.transport)) {
        emit(m_now, EventKind::call, label(i), "outgoing call: INVITE answered",
             manual("Resilience and Survivability"));
        return;
      }
      if (c == Cond::down) {
        emit(m_now, EventKind::call, label(i), "outgoing call: INVITE sent, no answer yet", manual("Response Timer"));
        schedule(m_now + ms_of(s.response_timer), Job::call_timeout);
        return;
      }
      emit(m_now, EventKind::call_failed, label(i),
           c == Cond::unavailable ? "outgoing call answered 503" : "outgoing call: TLS connection broken",
           rfc("RFC 3263 §4.3"));
      noticed_and_fail_over("the call", rfc("RFC 3263 §4.3"));
      return;
    }
    if (m_calls_via_backup && works(*m_in.backup, s.backup_transport)) {
      emit(m_now, EventKind::call, server_label(*m_in.backup), "outgoing call via the backup",
           manual("Backup SIP Server"));
      return;
    }
    emit(m_now, EventKind::call_failed, "", "outgoing call fails: the phone has no working server",
         manual("Resilience and Survivability"));
  }

  void call_timeout()
  {
    const PhoneSettings& s = m_in.settings;
    emit(m_now, EventKind::call_failed, label(*m_current),
         fmt::format("no answer to the INVITE within the response timer ({} ms): server presumed dead",
                     s.response_timer.count()),
         manual("Response Timer"));
    noticed_and_fail_over("the call's response timer", manual("Response Timer"));
  }

  void noticed_and_fail_over(const std::string& by, Rule rule)
  {
    const std::size_t i = *m_current;
    emit(m_now, EventKind::failure_noticed, label(i), "failure noticed by " + by, std::move(rule));
    leave_current();
    if (i + 1 < m_list.size()) {
      emit(m_now, EventKind::next_server, label(i + 1), "registering with the next server in priority order",
           manual("Resilience and Survivability: next server in priority order"));
    }
    attempt(i + 1);
  }

  void leave_current()
  {
    m_current.reset();
    m_failback_pending = true;
    ++m_generation;
  }

  // Failback: at a re-registration or list refresh, a higher-priority server
  // that answers again gets the registration back.
  void maybe_failback(const char* occasion)
  {
    if (!m_current) {
      return;
    }
    const std::size_t cur = *m_current;
    for (std::size_t j = 0; j < cur; ++j) {
      if (m_list[j].priority < m_list[cur].priority && works(m_list[j], m_in.settings.transport)) {
        emit(m_now, EventKind::next_server, label(j),
             fmt::format("answers again: the phone moves back to it at {}", occasion),
             assumed("failback at the next re-registration or list refresh after the server answers again"));
        m_failback_pending = true;
        ++m_generation;
        m_last_index = cur;
        m_current.reset();
        m_carry_calls_from = cur;
        attempt(j);
        return;
      }
    }
  }

  // ---- outages ----
  void account_outage()
  {
    if (!m_ever_registered && !m_out_of_service && !m_calls_via_backup) {
      return; // still starting up
    }
    // During a failback the old registration carries calls until the new one is up.
    bool ok = calls_work();
    if (!ok && m_carry_calls_from && !m_current && *m_carry_calls_from < m_list.size()) {
      ok = works(m_list[*m_carry_calls_from], m_in.settings.transport);
    }
    if (m_current) {
      m_carry_calls_from.reset();
    }
    if (!ok && !m_outage_start) {
      m_outage_start = m_now;
    } else if (ok && m_outage_start) {
      m_result.outages.push_back(OutageWindow{*m_outage_start, m_now, false});
      m_outage_start.reset();
    }
  }

  SimResult finish()
  {
    m_now = m_end;
    if (m_outage_start) {
      m_result.outages.push_back(OutageWindow{*m_outage_start, m_end, true});
    }
    m_result.duration = m_end;
    if (m_current) {
      const ServerInfo& s = m_list[*m_current];
      m_result.registered_with = server_label(s);
      m_result.survivable_mode = s.is_survivability_proxy && link_lost(s.target);
      m_result.final_state =
        fmt::format("registered with {} (priority {}){}", server_label(s), s.priority,
                    m_result.survivable_mode ? ", the survivability proxy standing in for the primary: features "
                                               "limited"
                                             : "");
    } else if (m_calls_via_backup) {
      m_result.on_backup = true;
      m_result.final_state =
        fmt::format("no primary server: outgoing calls via the backup {}", server_label(*m_in.backup));
    } else if (m_out_of_service) {
      m_result.out_of_service = true;
      m_result.final_state = "out of service: no server carries calls";
    } else {
      m_result.final_state = "still registering when the simulation ended";
    }
    std::stable_sort(m_result.events.begin(), m_result.events.end(),
                     [](const Event& a, const Event& b) { return a.at < b.at; });
    return std::move(m_result);
  }

  const ModelInput& m_in;
  const Scenario& m_sc;
  Millis m_end;
  Random m_random;
  Millis m_now = 0;
  std::uint64_t m_seq = 0;
  std::uint64_t m_generation = 0;
  std::vector<Pending> m_queue;

  std::map<std::string, Cond> m_cond;
  std::set<std::string> m_link_lost;
  std::vector<ServerInfo> m_published;

  std::vector<ServerInfo> m_list;
  std::optional<std::size_t> m_current;
  std::optional<std::size_t> m_last_index;
  std::optional<std::size_t> m_carry_calls_from;
  bool m_failback_pending = false;
  bool m_ever_registered = false;
  bool m_out_of_service = false;
  bool m_backup_registered = false;
  bool m_calls_via_backup = false;
  std::optional<Millis> m_outage_start;
  SimResult m_result;
};

} // namespace

LiveState
starting_state(const ModelInput& in, const Scenario& sc)
{
  LiveState st;
  for (const auto& s : in.servers) {
    ServerNow now = ServerNow::up;
    for (const auto& step : sc.steps) {
      if (step.at != 0 || !dns::same_name(step.target, s.target)) {
        continue;
      }
      now = step.action == Action::down      ? ServerNow::down
        : step.action == Action::unavailable ? ServerNow::unavailable
        : step.action == Action::tls_fail    ? ServerNow::tls_fails
        : step.action == Action::up          ? ServerNow::up
                                             : now;
    }
    st.servers.push_back(now);
  }
  if (in.backup) {
    st.backup = ServerNow::up;
    for (const auto& step : sc.steps) {
      if (step.at == 0 && dns::same_name(step.target, in.backup->target)) {
        st.backup = step.action == Action::down ? ServerNow::down
          : step.action == Action::up           ? ServerNow::up
                                                : *st.backup;
      }
    }
  }
  for (const auto& step : sc.steps) {
    if (step.at == 0 && step.action == Action::link_lost) {
      st.proxy_link_lost = true;
    }
  }
  return st;
}

SimResult
simulate(const ModelInput& input, const Scenario& scenario, Millis duration)
{
  Simulation sim(input, scenario, duration);
  SimResult r = sim.run();
  r.estimate = summarize_live(input, starting_state(input, scenario), false);
  return r;
}

std::vector<FailureRun>
simulate_each_failure(const ModelInput& input, const Scenario& scenario, Millis at, Millis duration)
{
  std::vector<FailureRun> out;
  for (const auto& s : input.servers) {
    Scenario sc = scenario;
    Step down;
    down.at = at;
    down.action = Action::down;
    down.target = s.target;
    sc.steps.push_back(down);
    std::stable_sort(sc.steps.begin(), sc.steps.end(), [](const Step& a, const Step& b) { return a.at < b.at; });
    out.push_back(FailureRun{server_label(s), at, simulate(input, sc, duration)});
  }
  return out;
}

} // namespace sipsurv::model
