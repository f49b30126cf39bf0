#pragma once

// The phone, as one state machine: the only definition of what the phone
// does. simulate's timeline, the outage bounds (outage_bounds.hpp) and the
// live summary that status prints all run this machine; none of them has a
// formula of its own.
//
// Explicit states:
//   - the primary registration: starting, registering, waiting (a retry
//     timer runs), registered, refreshing, failing-back;
//   - the connectivity check: off, idle (the next tick runs), awaiting a pong;
//   - the backup registration: off, disabled (not allowed), registering,
//     registered, refreshing, waiting;
//   - each outgoing call: awaiting its answer (response timer), in progress.
// Every timer belongs to one of these and is cancelled one by one when its
// owner leaves the state (no global generation counter): a refresh that
// times out cancels the check's tick, the check that notices first cancels
// the refresh in flight, a call's response timer belongs to the call.
//
// Pure: no clock, no sockets; randomness is a SplitMix64 stream seeded by
// ModelInput::seed (or, for the outage bounds, the longest or shortest wait).

#include "core/model/model_input.hpp"
#include "core/model/phone_profile.hpp"
#include "core/model/scenario.hpp"
#include "core/model/timeline.hpp"
#include "core/settings/transport.hpp"
#include "core/util/limits.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::model {

// A stretch of time in which outgoing calls failed, as the machine saw it.
struct OutageWindow {
  Millis from = 0;
  Millis to = 0;
  bool open = false; // still failing when the run ended

  bool operator==(const OutageWindow&) const = default;
};

// What the scenario (or a probe) says a server does.
enum class Cond {
  up,
  down,            // silent: requests time out
  refuse,          // connections refused (TCP RST, ICMP port unreachable): requests fail at once
  unavailable,     // every request answered 503 (optionally with Retry-After)
  tls_fail,        // TLS connections close and handshakes fail
  register_reject, // OPTIONS and INVITE answered, REGISTER rejected with a failure response
};

struct Condition {
  Cond cond = Cond::up;
  int code = 0;           // register_reject: the status code
  Millis retry_after = 0; // unavailable: the Retry-After, 0 = none

  bool operator==(const Condition&) const = default;
};

// How the machine draws the random wait after a REGISTER timeout.
enum class Draw {
  seeded,   // the SplitMix64 stream of ModelInput::seed
  longest,  // always the maximum (worst case)
  shortest, // always the minimum (best case)
};

enum class PrimaryState { starting, registering, waiting, registered, refreshing, failing_back };
std::string_view to_string(PrimaryState s);

enum class CheckState { off, idle, awaiting_pong };
enum class BackupState { none, disabled, registering, registered, refreshing, waiting };

// What a timer is for; also names the wait it stands for when the outage
// is explained ("dominated by").
enum class TimerKind {
  scenario_step,
  dns_refetch,
  connect,          // TCP/TLS connection set up (or refused)
  register_answer,  // the REGISTER's answer arrives
  register_timeout, // the non-INVITE timer runs out
  retry_backoff,    // the random wait before the next REGISTER
  retry_fixed,      // the fixed wait after a failure response
  refresh,          // the registration refresh
  check,            // the connectivity check's next tick
  pong,             // the check's pong wait
  call_timeout,     // an INVITE's response timer
  call_end,         // a call in progress hangs up
  backup_answer,    // the backup's REGISTER answer arrives
  backup_timeout,   // the backup's REGISTER times out
  backup_retry,     // the backup registration's retry
  backup_refresh,   // the backup registration's refresh
};
std::string_view to_string(TimerKind k);

struct PendingTimer {
  Millis at = 0;
  TimerKind kind = TimerKind::check;
  bool operator==(const PendingTimer&) const = default;
};

// One wait on the way to a change, for explanations: the part of a timer's
// wait, from `set` to `fired`, that no later wait covers.
struct ChainLink {
  TimerKind kind = TimerKind::check;
  Millis set = 0;
  Millis fired = 0;
};

class PhoneMachine
{
public:
  // `in`, `profile` and `scenario` must outlive the machine (and its copies).
  PhoneMachine(const ModelInput& in, const PhoneProfile& profile, const Scenario& scenario);

  // Start the phone at +0: the scenario's steps at 0 are the world it starts
  // in. Called once, before anything else.
  void start();

  // Process every timer due before `t` (inclusive: at `t` too); now() = t.
  void run_until(Millis t, bool inclusive);

  // A change of the world at now() that the scenario does not hold (the
  // outage bounds inject the failure this way).
  void inject(const Step& step);

  // From now on, draw random waits this way.
  void set_draw(Draw d) { m_draw = d; }

  // Stop processing after this many events (k_max_events).
  bool event_limit_hit() const { return m_limit_hit; }

  Millis now() const { return m_now; }
  PrimaryState state() const { return m_state; }
  CheckState check_state() const { return m_check; }
  BackupState backup_state() const { return m_backup_state; }
  std::optional<std::size_t> registered() const { return m_registered; } // index into list()
  const std::vector<ServerInfo>& list() const { return m_list; }
  bool on_backup() const { return m_via_backup; }
  bool survivable_mode() const;
  // Whether an outgoing call placed now gets through without waiting for a
  // timer (the route is up, or a 503 or refusal moves it on at once).
  bool calls_work() const;
  // Registered with a server of the list and not registering elsewhere.
  bool settled() const;
  std::vector<PendingTimer> pending() const;
  std::optional<Millis> next_timer() const;
  const Timeline& events() const { return m_events; }
  const std::vector<OutageWindow>& outages() const { return m_outages; }
  // When calls last started working again, and the waits that led there
  // (newest first), back to `since`.
  std::optional<Millis> last_recovery() const { return m_last_recovery; }
  std::vector<ChainLink> recovery_chain(Millis since) const;
  // … and the waits that led to the last "failure noticed".
  std::vector<ChainLink> notice_chain(Millis since) const;

  // Close the run at `end`: open outage windows end there.
  void close(Millis end);
  std::string final_state() const;

private:
  struct Timer {
    Millis at = 0;
    std::uint64_t seq = 0;
    TimerKind kind = TimerKind::check;
    std::size_t arg = 0;
    Millis set = 0;
    std::uint64_t parent = 0; // the timer whose handling set this one, 0 = none
  };
  struct Fired {
    TimerKind kind = TimerKind::check;
    Millis set = 0;
    Millis fired = 0;
    std::uint64_t parent = 0;
  };
  // Why a REGISTER goes out: decides the rule its success cites.
  enum class Why {
    start,
    after_check,
    after_request,
    after_reject,
    retry_top,
    while_on_backup,
    refresh,
    failback,
    list_change
  };
  enum class Failure { timeout, refused, unavailable, rejected, no_address, kept_out };
  struct Attempt {
    std::size_t server = 0;
    std::size_t address = 0;
    Why why = Why::start;
    Millis sent = 0;
    bool connected = false;
    std::uint64_t timer = 0;
  };
  struct Call {
    std::size_t id = 0;
    std::optional<std::size_t> server; // none: via the backup
    Millis hold = 0;
    std::uint64_t timer = 0;
    bool in_progress = false;
  };

  // timers
  // `since`: when the wait logically began (a timeout: when its request
  // went out), for explanations; default now().
  std::uint64_t schedule(Millis at, TimerKind kind, std::size_t arg = 0, std::optional<Millis> since = std::nullopt);
  void cancel(std::uint64_t& id);
  void handle(const Timer& t);

  // the world
  Condition condition(const ServerInfo& s, std::size_t address) const;
  Condition condition_of_target(const ServerInfo& s) const;
  bool kept_out(const ServerInfo& s) const;
  bool has_backup() const;
  bool backup_works() const;
  static bool works(const Condition& c, Transport t);         // a request gets its answer
  static bool registrable(const Condition& c, Transport t);   // … and a REGISTER its 200
  static bool fails_at_once(const Condition& c, Transport t); // refused, 503, TLS broken: next server at once
  void apply(const Step& st);
  std::size_t address_count(const ServerInfo& s) const;

  std::vector<ChainLink> chain(std::uint64_t id, Millis cursor, Millis since) const;

  // output
  void emit(EventKind kind, std::string server, std::string text, Rule rule);
  void after_change();

  // the primary registration
  void begin_attempt(std::size_t i, std::size_t address, Why why);
  void on_connect();
  void on_register_answer();
  void on_register_timeout();
  void attempt_failed(Failure f);
  void registered_now();
  void leave_registration();
  void next_after(std::size_t i, Failure f, Millis wait, Why why);
  void list_exhausted(Failure f, Millis wait);
  void retry(std::size_t server, Why why);
  Millis backoff_wait();
  void turn_to_backup(const std::string& why, Rule rule);
  void on_refresh();
  bool try_failback(const char* occasion);
  Millis refresh_interval() const;

  // the connectivity check
  bool check_active() const;
  Rule check_rule() const;
  void arm_check();
  void on_check();
  void on_pong_timeout();
  void check_failed();

  // calls
  void place_call(Millis hold);
  void invite_from(std::size_t first, Call call);
  void start_call(Call call, std::optional<std::size_t> server);
  void on_call_timeout(std::size_t id);
  void on_call_end(std::size_t id);

  // the backup registration
  void backup_register(bool refresh);
  void on_backup_answer();
  void on_backup_timeout();

  // DNS
  void on_dns_refetch();
  Millis refetch_interval() const;

  std::string label(std::size_t i) const;
  std::string where(std::size_t i, std::size_t address) const;
  std::string backup_label() const;

  const ModelInput* m_in;
  const PhoneProfile* m_profile;
  const Scenario* m_scenario;

  Millis m_now = 0;
  std::uint64_t m_seq = 0;
  std::uint64_t m_current = 0;                                       // the timer being handled
  std::map<std::pair<Millis, std::uint64_t>, std::uint64_t> m_queue; // (at, seq) -> id
  std::map<std::uint64_t, Timer> m_timers;                           // pending, by id
  std::map<std::uint64_t, Fired> m_fired;                            // handled, by id
  std::size_t m_processed = 0;
  bool m_limit_hit = false;
  Draw m_draw = Draw::seeded;
  std::uint64_t m_random_state = 0;

  // world
  std::map<std::string, Condition> m_world;  // by normalized target or address
  std::map<std::string, Millis> m_out_until; // Retry-After: by normalized target
  std::set<std::string> m_link_lost;
  std::vector<ServerInfo> m_published;      // what DNS publishes now
  std::vector<ServerInfo> m_list_published; // … as the phone fetched it last

  // phone
  std::vector<ServerInfo> m_list;
  PrimaryState m_state = PrimaryState::starting;
  std::optional<std::size_t> m_registered;
  std::size_t m_registered_address = 0;
  std::optional<Attempt> m_attempt;
  std::uint64_t m_retry_timer = 0; // waiting: the next REGISTER
  std::size_t m_retry_server = 0;
  std::size_t m_retry_address = 0;
  Why m_retry_why = Why::start;
  Failure m_round_failure = Failure::timeout; // the last failure of this round over the list
  std::uint64_t m_refresh_timer = 0;
  CheckState m_check = CheckState::off;
  std::uint64_t m_check_timer = 0;
  bool m_via_backup = false;
  bool m_out_of_service = false;
  bool m_failed_once = false; // some attempt failed (a start that failed first is an outage from +0)
  BackupState m_backup_state = BackupState::none;
  std::uint64_t m_backup_timer = 0;
  Millis m_backup_sent = 0;
  std::vector<Call> m_calls;
  std::size_t m_next_call = 0;
  std::uint64_t m_dns_timer = 0;

  // outages
  bool m_booting = true;
  std::optional<Millis> m_outage_start;
  std::vector<OutageWindow> m_outages;
  std::optional<Millis> m_last_recovery;
  std::uint64_t m_recovered_by = 0;
  std::optional<Millis> m_last_notice;
  std::uint64_t m_noticed_by = 0;
  Timeline m_events;
};

inline constexpr std::size_t k_max_events = limits::k_max_model_events;
inline constexpr Millis k_min_refetch_ms = 10000; // TTLs under 10 s are treated as 10 s

} // namespace sipsurv::model
