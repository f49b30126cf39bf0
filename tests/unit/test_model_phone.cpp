#include "core/model/phone_model.hpp"
#include "core/model/scenario_targets.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace sipsurv;
using namespace sipsurv::model;

namespace {

ModelInput
two_servers(Transport t, long check_s)
{
  ModelInput in;
  in.settings.transport = t;
  in.settings.connectivity_check = std::chrono::seconds(check_s);
  in.settings.sip_gateway = "example.com";
  in.servers = {ServerInfo{"sip1.example.com", 5061, 10, 0, true, false, {}},
                ServerInfo{"sip2.example.com", 5061, 20, 0, true, false, {}}};
  in.connect_ms = t == Transport::udp ? 0 : 100;
  in.register_ms = 50;
  in.list_ttl = 3600;
  return in;
}

Scenario
scenario(std::string_view text)
{
  auto sc = parse_scenario(text, "test");
  EXPECT_TRUE(sc.has_value()) << (sc ? "" : sc.error().message);
  return sc ? *sc : Scenario{};
}

const Event*
first(const SimResult& r, EventKind kind, std::string_view server = {})
{
  for (const auto& e : r.events) {
    if (e.kind == kind && (server.empty() || e.server == server)) {
      return &e;
    }
  }
  return nullptr;
}

} // namespace

TEST(ModelPhone, RegistersWithTheHighestPriorityServer)
{
  const auto r = simulate(two_servers(Transport::tls, 30), Scenario{}, 60000);
  const Event* reg = first(r, EventKind::registered);
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(reg->at, 150); // 100 ms TLS + 50 ms REGISTER
  EXPECT_EQ(reg->server, "sip1.example.com:5061");
  EXPECT_EQ(r.registered_with, "sip1.example.com:5061");
  EXPECT_TRUE(r.outages.empty());
}

TEST(ModelPhone, TheListIsNotDrawnASecondTime)
{
  // ModelInput::servers is the run's one RFC 2782 draw: the simulation
  // registers with its first server whatever the seed (a second draw over
  // the drawn list made status and simulate name different servers).
  ModelInput in = two_servers(Transport::tls, 30);
  in.servers = {ServerInfo{"sip2.example.com", 5061, 10, 50, true, false, {}},
                ServerInfo{"sip1.example.com", 5061, 10, 50, true, false, {}}};
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    in.seed = seed;
    const auto r = simulate(in, Scenario{}, 10000);
    const Event* reg = first(r, EventKind::registered);
    ASSERT_NE(reg, nullptr);
    EXPECT_EQ(reg->server, "sip2.example.com:5061") << "seed " << seed;
    EXPECT_EQ(r.estimate.if_current_fails->failed, "sip2.example.com:5061") << "seed " << seed;
  }
}

TEST(ModelPhone, ConnectivityCheckNoticesASilentServer)
{
  // Registered at 150; checks at 30150 and 60150; sip1 silent from 40000;
  // the 60150 check gets no pong by 70150; sip2 registered at 70300.
  const auto r = simulate(two_servers(Transport::tls, 30), scenario("40s down sip1.example.com\n"), 120000);
  const Event* noticed = first(r, EventKind::failure_noticed);
  ASSERT_NE(noticed, nullptr);
  EXPECT_EQ(noticed->at, 70150);
  EXPECT_EQ(noticed->rule, manual("TLS Connectivity Check"));
  EXPECT_EQ(r.registered_with, "sip2.example.com:5061");
  ASSERT_EQ(r.outages.size(), 1U);
  EXPECT_EQ(r.outages[0].from, 40000);
  EXPECT_EQ(r.outages[0].to, 70300);
}

TEST(ModelPhone, WithoutTheCheckACallNoticesAfterTheResponseTimer)
{
  // UDP: registered at 50; sip1 silent at 40 s; a call at 45 s waits 32000 ms.
  const auto r = simulate(two_servers(Transport::udp, 0), scenario("40s down sip1.example.com\n45s call\n"), 120000);
  const Event* noticed = first(r, EventKind::failure_noticed);
  ASSERT_NE(noticed, nullptr);
  EXPECT_EQ(noticed->at, 77000);
  EXPECT_EQ(noticed->rule, manual("Response Timer"));
  ASSERT_EQ(r.outages.size(), 1U);
  EXPECT_EQ(r.outages[0].to, 77050);
}

TEST(ModelPhone, RecommendedResponseTimerShortensTheOutage)
{
  ModelInput in = two_servers(Transport::udp, 0);
  in.settings.response_timer = k_recommended_response_timer;
  const auto r = simulate(in, scenario("40s down sip1.example.com\n45s call\n"), 120000);
  ASSERT_EQ(r.outages.size(), 1U);
  EXPECT_EQ(r.outages[0].to, 45000 + 3700 + 50);
}

TEST(ModelPhone, A503ToAnInviteIsRetriedAtTheNextServer)
{
  // RFC 3263 §4.3: the call still goes through, via sip2; the registration
  // stays with sip1 until a request of its own gets the 503.
  const auto r = simulate(two_servers(Transport::tls, 30), scenario("10s 503 sip1.example.com\n20s call\n"), 60000);
  const Event* retried = first(r, EventKind::call, "sip2.example.com:5061");
  ASSERT_NE(retried, nullptr);
  EXPECT_EQ(retried->at, 20000);
  EXPECT_EQ(retried->rule, rfc("RFC 3263 §4.3"));
  EXPECT_TRUE(r.outages.empty());
  EXPECT_EQ(r.registered_with, "sip1.example.com:5061");
}

TEST(ModelPhone, RetryAfterKeepsTheServerOutForItsTime)
{
  const auto r = simulate(two_servers(Transport::tls, 30),
                          scenario("10s 503 sip1.example.com retry-after=30\n20s call\n30s call\n60s call\n"), 90000);
  int answered_by_sip2 = 0;
  int got_503 = 0;
  for (const auto& e : r.events) {
    answered_by_sip2 += e.kind == EventKind::call && e.server == "sip2.example.com:5061" ? 1 : 0;
    got_503 += e.kind == EventKind::call_failed && e.text.find("503") != std::string::npos ? 1 : 0;
  }
  // 20 s: 503, kept out until 50 s, retried at sip2; 30 s: straight to
  // sip2; 60 s: sip1 again, 503 again, sip2.
  EXPECT_EQ(answered_by_sip2, 3);
  EXPECT_EQ(got_503, 2);
}

TEST(ModelPhone, AllPrimariesDownTheBackupCarriesCalls)
{
  ModelInput in = two_servers(Transport::tls, 30);
  in.servers.resize(1);
  in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false, {}};
  const auto r = simulate(in, scenario("40s down sip1.example.com\n"), 100000);
  const Event* via = nullptr;
  for (const auto& e : r.events) {
    if (e.kind == EventKind::backup && e.text.find("outgoing calls go to the backup") != std::string::npos) {
      via = &e;
    }
  }
  ASSERT_NE(via, nullptr);
  EXPECT_EQ(via->at, 70150);
  EXPECT_TRUE(r.on_backup);
  ASSERT_FALSE(r.outages.empty());
  EXPECT_EQ(r.outages[0].to, 70150);
}

TEST(ModelPhone, NoBackupMeansOutOfServiceAndBoundedRetries)
{
  ModelInput in = two_servers(Transport::tls, 30);
  const auto r = simulate(in, scenario("0s down sip1.example.com\n0s down sip2.example.com\n"), 600000);
  EXPECT_TRUE(r.out_of_service);
  EXPECT_NE(first(r, EventKind::backoff), nullptr);
  ASSERT_EQ(r.outages.size(), 1U);
  EXPECT_TRUE(r.outages[0].open);
  EXPECT_LT(r.events.size(), k_max_events);
}

TEST(ModelPhone, FailbackAtTheListRefreshIsAnAssumption)
{
  ModelInput in = two_servers(Transport::tls, 30);
  in.list_ttl = 60;
  const auto r = simulate(in, scenario("40s down sip1.example.com\n100s up sip1.example.com\n"), 200000);
  const Event* back = first(r, EventKind::failback);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->at, 120150); // list refresh at 120 s, then 100 + 50 ms
  EXPECT_EQ(back->rule.basis, Basis::assumption);
  EXPECT_EQ(r.registered_with, "sip1.example.com:5061");
}

TEST(ModelPhone, DnsChangeReachesThePhoneOnlyAfterTheTtl)
{
  ModelInput in = two_servers(Transport::tls, 30);
  in.list_ttl = 300;
  const auto r = simulate(in, scenario("10s dns-remove sip1.example.com\n"), 400000);
  const Event* moved = nullptr;
  for (const auto& e : r.events) {
    if (e.kind == EventKind::registered && e.server == "sip2.example.com:5061") {
      moved = &e;
      break;
    }
  }
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->at, 300150); // not at 10 s: at the refetch after 300 s
}

TEST(ModelPhone, ProxyLosingItsLinkIsSurvivableModeAndUnreachableGoesToThePrimary)
{
  ModelInput in = two_servers(Transport::tls, 30);
  in.servers[0].is_survivability_proxy = true;
  in.settings.survivability_proxy = "sip1.example.com";
  const auto lost = simulate(in, scenario("20s link-lost sip1.example.com\n"), 60000);
  EXPECT_TRUE(lost.survivable_mode);
  EXPECT_NE(first(lost, EventKind::survivable), nullptr);
  const auto gone = simulate(in, scenario("20s down sip1.example.com\n"), 120000);
  EXPECT_EQ(gone.registered_with, "sip2.example.com:5061");
}

TEST(ModelPhone, SameInputsGiveTheSameTimeline)
{
  ModelInput in = two_servers(Transport::tls, 30);
  const auto sc = scenario("0s down sip1.example.com\n0s down sip2.example.com\n");
  EXPECT_EQ(simulate(in, sc, 300000).events, simulate(in, sc, 300000).events);
  ModelInput other = in;
  other.seed = 2; // the random registration backoff differs
  EXPECT_NE(simulate(in, sc, 300000).events, simulate(other, sc, 300000).events);
}

TEST(ModelScenario, ParsesTimesAndActions)
{
  const auto sc = parse_scenario("# c\n2.5s down a.example\n1500ms call # x\n3m dns-add b.example 10 5 5061\n", "f");
  ASSERT_TRUE(sc);
  ASSERT_EQ(sc->steps.size(), 3U);
  EXPECT_EQ(sc->steps[0].at, 1500);
  EXPECT_EQ(sc->steps[0].action, Action::call);
  EXPECT_EQ(sc->steps[1].at, 2500);
  EXPECT_EQ(sc->steps[2].at, 180000);
  EXPECT_EQ(sc->steps[2].port, 5061);
}

TEST(ModelScenario, ErrorsNameFileLineAndWhatIsAllowed)
{
  const auto bad = parse_scenario("10s down a\n20s explode a\n", "site.scn");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::usage);
  EXPECT_NE(bad.error().message.find("site.scn:2:"), std::string::npos);
  EXPECT_NE(bad.error().message.find("allowed: up, down"), std::string::npos);
  EXPECT_FALSE(parse_scenario("soon down a\n", "f"));
  EXPECT_FALSE(parse_scenario("10s dns-add a 1 2\n", "f"));
  EXPECT_FALSE(parse_scenario("10s down\n", "f"));
  EXPECT_FALSE(parse_scenario("99999h down a\n", "f"));
}

TEST(ModelScenario, ParsesTheFailureKindsAndCallsInProgress)
{
  const auto sc = parse_scenario("0s refuse a.example\n1s 503 a.example retry-after=120\n2s 503 b.example\n"
                                 "3s register-reject a.example 403\n4s call 2m\n5s call\n",
                                 "f");
  ASSERT_TRUE(sc) << sc.error().message;
  ASSERT_EQ(sc->steps.size(), 6U);
  EXPECT_EQ(sc->steps[0].action, Action::refuse);
  EXPECT_EQ(sc->steps[1].retry_after, 120000);
  EXPECT_EQ(sc->steps[2].retry_after, 0);
  EXPECT_EQ(sc->steps[3].action, Action::register_reject);
  EXPECT_EQ(sc->steps[3].code, 403);
  EXPECT_EQ(sc->steps[4].hold, 120000);
  EXPECT_EQ(sc->steps[5].hold, 0);
  // What is not allowed, and each error says what is.
  for (std::string_view bad : {"1s register-reject a 503\n", "1s register-reject a 401\n", "1s register-reject a 200\n",
                               "1s register-reject a\n", "1s 503 a after=5\n", "1s 503 a retry-after=0\n",
                               "1s call 0s\n", "1s call x\n", "1s refuse\n", "1s call 1s 2s\n"}) {
    const auto r = parse_scenario(bad, "f");
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("allowed"), std::string::npos) << r.error().message;
  }
}

TEST(ModelScenario, TargetsMustBeTheServersOrTheBackupWithASuggestion)
{
  ModelInput in = two_servers(Transport::tls, 30);
  in.servers[0].addresses = {"127.0.0.11", "127.0.0.21"};
  in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false, {}};
  const auto ok = scenario("1s down SIP1.example.com.\n2s down 127.0.0.21\n3s up backup.example.com\n"
                           "4s dns-add sip9.example.com 5 0 5061\n5s down sip9.example.com\n6s call\n");
  EXPECT_TRUE(check_scenario_targets(ok.steps, in, "site.scn"));
  const auto misspelt = scenario("# comment\n10s down sip1.exmaple.com\n");
  const auto error = check_scenario_targets(misspelt.steps, in, "site.scn");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().code, Errc::usage);
  EXPECT_EQ(error.error().message,
            "site.scn:2: 'sip1.exmaple.com' not a server of the phone's list or its backup; allowed: "
            "sip1.example.com, sip2.example.com, backup.example.com, 127.0.0.11, 127.0.0.21; "
            "did you mean sip1.example.com?");
  Step assumed_down;
  assumed_down.action = Action::down;
  assumed_down.target = "sip2.example.co";
  const std::vector<Step> steps{assumed_down};
  const auto flag = check_scenario_targets(steps, in, "--assume-down");
  ASSERT_FALSE(flag);
  EXPECT_NE(flag.error().message.find("--assume-down sip2.example.co: not a server"), std::string::npos)
    << flag.error().message;
  EXPECT_NE(flag.error().message.find("did you mean sip2.example.com?"), std::string::npos);
  // Nothing near: no suggestion.
  Step far;
  far.action = Action::down;
  far.target = "voice.other.org";
  const std::vector<Step> far_steps{far};
  EXPECT_EQ(check_scenario_targets(far_steps, in, "x").error().message.find("did you mean"), std::string::npos);
}
