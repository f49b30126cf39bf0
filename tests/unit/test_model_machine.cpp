// The phone's state machine: explicit states, and each timer cancelled by
// its owner alone (no generation counter).
#include "core/model/phone_machine.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace sipsurv;
using namespace sipsurv::model;

namespace {

ModelInput
two_servers(long check_s, long expiry_s)
{
  ModelInput in;
  in.settings.transport = Transport::tls;
  in.settings.connectivity_check = std::chrono::seconds(check_s);
  in.settings.registration_expiry = std::chrono::seconds(expiry_s);
  in.settings.sip_gateway = "example.com";
  in.servers = {ServerInfo{"sip1.example.com", 5061, 10, 0, true, false, {}},
                ServerInfo{"sip2.example.com", 5061, 20, 0, true, false, {}}};
  in.connect_ms = 100;
  in.register_ms = 50;
  return in;
}

Scenario
scenario(std::string_view text)
{
  auto sc = parse_scenario(text, "test");
  EXPECT_TRUE(sc.has_value()) << (sc ? "" : sc.error().message);
  return sc ? *sc : Scenario{};
}

bool
pending(const PhoneMachine& m, TimerKind kind)
{
  const auto p = m.pending();
  return std::any_of(p.begin(), p.end(), [&](const PendingTimer& t) { return t.kind == kind; });
}

std::size_t
count(const PhoneMachine& m, EventKind kind, std::string_view text = {})
{
  return static_cast<std::size_t>(std::count_if(m.events().begin(), m.events().end(), [&](const Event& e) {
    return e.kind == kind && e.text.find(text) != std::string::npos;
  }));
}

const PhoneProfile&
openscape()
{
  return *find_profile("openscape-cp");
}

} // namespace

TEST(ModelMachine, StatesOfAStart)
{
  const ModelInput in = two_servers(30, 3600);
  const Scenario sc;
  PhoneMachine m(in, openscape(), sc);
  EXPECT_EQ(m.state(), PrimaryState::starting);
  m.start();
  EXPECT_EQ(m.state(), PrimaryState::registering);
  EXPECT_TRUE(pending(m, TimerKind::connect));
  m.run_until(150, true); // TLS 100 ms + REGISTER 50 ms
  EXPECT_EQ(m.state(), PrimaryState::registered);
  EXPECT_EQ(m.registered(), 0U);
  EXPECT_EQ(m.check_state(), CheckState::idle);
  EXPECT_TRUE(pending(m, TimerKind::check));
  EXPECT_TRUE(pending(m, TimerKind::refresh));
  m.run_until(1800150, true); // the refresh goes out over the open connection
  EXPECT_EQ(m.state(), PrimaryState::refreshing);
  m.run_until(1800200, true);
  EXPECT_EQ(m.state(), PrimaryState::registered);
}

TEST(ModelMachine, ARefreshThatTimesOutCancelsTheCheck)
{
  // Refresh after 60 s; check every 100 s (later than the refresh). sip1
  // silent at 50 s: the refresh at 60.15 s times out at 92.15 s; leaving the
  // registration cancels the check's tick due at 100.15 s.
  const ModelInput in = two_servers(100, 120);
  const Scenario sc = scenario("50s down sip1.example.com\n");
  PhoneMachine m(in, openscape(), sc);
  m.start();
  m.run_until(92150, false);
  EXPECT_EQ(m.state(), PrimaryState::refreshing);
  EXPECT_TRUE(pending(m, TimerKind::check));
  EXPECT_TRUE(pending(m, TimerKind::register_timeout));
  m.run_until(92150, true);
  EXPECT_EQ(count(m, EventKind::failure_noticed, "the registration refresh"), 1U);
  EXPECT_FALSE(pending(m, TimerKind::check));
  EXPECT_FALSE(pending(m, TimerKind::pong));
  EXPECT_EQ(m.check_state(), CheckState::off);
  m.run_until(300000, true);
  EXPECT_EQ(count(m, EventKind::check_failed), 0U); // the cancelled tick never ran against sip1
  EXPECT_EQ(m.registered(), 1U);
}

TEST(ModelMachine, TheCheckThatNoticesFirstCancelsTheRefreshInFlight)
{
  // Refresh after 50 s, check every 30 s. sip1 silent at 45 s: the refresh
  // goes out at 50.15 s (it would time out at 82.15 s); the tick at 60.15 s
  // gets no pong by 70.15 s and the check moves the phone to sip2. The
  // refresh's timeout is cancelled with the registration it belonged to.
  const ModelInput in = two_servers(30, 100);
  const Scenario sc = scenario("45s down sip1.example.com\n");
  PhoneMachine m(in, openscape(), sc);
  m.start();
  m.run_until(60150, true);
  EXPECT_EQ(m.state(), PrimaryState::refreshing);
  EXPECT_EQ(m.check_state(), CheckState::awaiting_pong);
  EXPECT_TRUE(pending(m, TimerKind::register_timeout));
  m.run_until(70150, true);
  EXPECT_EQ(count(m, EventKind::failure_noticed, "the connectivity check"), 1U);
  EXPECT_FALSE(pending(m, TimerKind::register_timeout));
  EXPECT_EQ(m.state(), PrimaryState::registering); // to sip2 at once: the manual's next server
  m.run_until(200000, true);
  EXPECT_EQ(count(m, EventKind::register_failed), 0U); // no late timeout of the cancelled refresh
  EXPECT_EQ(count(m, EventKind::failure_noticed), 1U);
  EXPECT_EQ(m.registered(), 1U);
}

TEST(ModelMachine, ACallsResponseTimerBelongsToTheCall)
{
  // A call at the failure (29 s) waits its 32 s response timer; the check
  // notices first (tick at 30.15 s, no pong by 40.15 s) and moves the phone.
  // The call's timer still runs out for the call, at 61 s, but does not
  // move the phone a second time.
  const ModelInput in = two_servers(30, 3600);
  const Scenario sc = scenario("29s down sip1.example.com\n29s call\n");
  PhoneMachine m(in, openscape(), sc);
  m.start();
  m.run_until(30150, true);
  EXPECT_TRUE(pending(m, TimerKind::call_timeout));
  m.run_until(40300, true);
  EXPECT_EQ(m.registered(), 1U);
  EXPECT_TRUE(pending(m, TimerKind::call_timeout)); // not cancelled by the move
  m.run_until(61000, true);
  EXPECT_EQ(count(m, EventKind::call_failed, "response timer"), 1U);
  EXPECT_EQ(count(m, EventKind::failure_noticed), 1U);
  EXPECT_EQ(m.registered(), 1U);
}

TEST(ModelMachine, WaitingForTheBackoffIsAStateWithItsOwnTimer)
{
  // Both servers silent from the start: REGISTER to sip1 times out at 32 s,
  // then the random wait before the next server (the manual's literal reading).
  const ModelInput in = two_servers(30, 3600);
  const Scenario sc = scenario("0s down sip1.example.com\n0s down sip2.example.com\n");
  PhoneMachine m(in, openscape(), sc);
  m.start();
  m.run_until(32000, true);
  EXPECT_EQ(m.state(), PrimaryState::waiting);
  EXPECT_TRUE(pending(m, TimerKind::retry_backoff));
  EXPECT_FALSE(pending(m, TimerKind::check));
  EXPECT_FALSE(pending(m, TimerKind::refresh));
}

TEST(ModelMachine, ACopyRunsOnWithoutTouchingTheOriginal)
{
  const ModelInput in = two_servers(30, 3600);
  const Scenario sc;
  PhoneMachine m(in, openscape(), sc);
  m.start();
  m.run_until(1000, true);
  PhoneMachine copy = m;
  Step down;
  down.action = Action::down;
  down.target = "sip1.example.com";
  copy.inject(down);
  copy.run_until(100000, true);
  EXPECT_EQ(copy.registered(), 1U);
  EXPECT_EQ(m.registered(), 0U);
  EXPECT_EQ(m.now(), 1000);
  EXPECT_TRUE(m.calls_work());
}
