#include "core/model/live_summary.hpp"
#include "core/model/outage_bounds.hpp"
#include "core/model/sim_findings.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace sipsurv;
using namespace sipsurv::model;

namespace {

PhoneSettings
tls_settings(long check_s)
{
  PhoneSettings s;
  s.transport = Transport::tls;
  s.connectivity_check = std::chrono::seconds(check_s);
  return s;
}

bool
has(const std::vector<report::Finding>& f, std::string_view id)
{
  return std::any_of(f.begin(), f.end(), [&](const auto& x) { return x.id == id; });
}

bool
mentions(const OutageEstimate& e, std::string_view setting)
{
  return std::any_of(e.dominating.begin(), e.dominating.end(),
                     [&](const OutagePart& p) { return p.setting.find(setting) != std::string::npos; });
}

ModelInput
three_servers(PhoneSettings s)
{
  ModelInput in;
  in.settings = std::move(s);
  in.servers = {ServerInfo{"sip1.example.com", 5061, 10, 0, true, false, {}},
                ServerInfo{"sip2.example.com", 5061, 20, 0, true, false, {}},
                ServerInfo{"sip3.example.com", 5061, 30, 0, true, false, {}}};
  in.connect_ms = 100;
  in.register_ms = 50;
  return in;
}

OutageEstimate
bounds(const ModelInput& in, LiveState now = {})
{
  const auto sum = summarize_live(in, now, false);
  EXPECT_TRUE(sum.if_current_fails.has_value());
  return sum.if_current_fails ? sum.if_current_fails->outage : OutageEstimate{};
}

} // namespace

TEST(ModelOutage, CheckOnSilentServerBestAndWorstOverTheCheckInterval)
{
  // worst: right after a tick: 30 s to the next tick, 10 s pong wait,
  // 100 ms connect and 50 ms REGISTER at the next server. best: while a
  // refresh is in flight (50 ms before its answer): its REGISTER times out
  // 6 s after it went out (no backoff here), quicker than a pong wait.
  PhoneSettings s = tls_settings(30);
  s.non_invite_timer = k_recommended_non_invite_timer;
  s.reg_backoff = std::chrono::seconds(0);
  const auto e = bounds(three_servers(s));
  EXPECT_EQ(e.best, 6000 - 50 + 150);
  EXPECT_EQ(e.worst, 40150);
  EXPECT_FALSE(e.unbounded);
  EXPECT_EQ(e.fallback, Fallback::next_server);
  EXPECT_EQ(e.next, "sip2.example.com:5061");
  EXPECT_EQ(e.rule, manual("TLS Connectivity Check"));
  ASSERT_FALSE(e.dominating.empty());
  EXPECT_EQ(e.dominating.front().setting, "connectivity check every 30 s");
  EXPECT_EQ(e.dominating.front().ms, 30000);
  EXPECT_TRUE(mentions(e, "pong wait 10 s"));
  EXPECT_GT(e.runs, 8U);
}

TEST(ModelOutage, ARefreshSentJustBeforeTheFailureCanNoticeItFirst)
{
  // The failure right after a refresh went out: its REGISTER times out
  // after 32 s, before the next tick (30 s) and its pong wait (10 s) fail;
  // then the phone waits the reg. backoff (60 s at most) before the next
  // server [manual]. The old formula said 40.150 s here.
  const auto e = bounds(three_servers(tls_settings(30)));
  EXPECT_EQ(e.best, 10150);
  EXPECT_EQ(e.worst, 32000 + 60000 + 150);
  EXPECT_EQ(e.rule, manual("Non-INVITE Transaction Timer"));
  EXPECT_NE(e.noticed_worst.find("the registration refresh 32.000 s after the failure"), std::string::npos)
    << e.noticed_worst;
  ASSERT_GE(e.dominating.size(), 2U);
  EXPECT_EQ(e.dominating[0].setting, "reg. backoff up to 60 s");
  EXPECT_EQ(e.dominating[0].ms, 60000);
  EXPECT_EQ(e.dominating[1].setting, "non-INVITE timer 32000 ms; 6000 ms is recommended for OpenScape Voice");
  EXPECT_EQ(e.dominating[1].ms, 32000);
}

TEST(ModelOutage, TheCheckRunsBesideARefreshInFlight)
{
  // A 7 s check: whatever the refresh does, a tick and its pong wait notice
  // the failure within 17 s, before the refresh's 32 s timeout.
  const auto e = bounds(three_servers(tls_settings(7)));
  EXPECT_EQ(e.worst, 7000 + 10000 + 150);
  EXPECT_EQ(e.rule, manual("TLS Connectivity Check"));
}

TEST(ModelOutage, CheckOffDefaultsAreDominatedByTimersAndRefresh)
{
  PhoneSettings s; // UDP, check off, 32000 ms timers, 60 s backoff, 3600 s registration
  ModelInput in = three_servers(s);
  in.connect_ms = 0;
  const auto e = bounds(in);
  // best: while a refresh is in flight: its REGISTER times out 32 s after it
  // went out (50 ms before the failure), no backoff, REGISTER at the next
  // server (50 ms); a call right after the failure would take 32.050 s.
  EXPECT_EQ(e.best, 32000);
  EXPECT_EQ(e.worst, 1800000 + 32000 + 60000 + 50); // refresh, REGISTER timeout, the longest backoff, REGISTER
  EXPECT_TRUE(mentions(e, "non-INVITE timer 32000 ms; 6000 ms is recommended for OpenScape Voice"));
  ASSERT_FALSE(e.dominating.empty());
  EXPECT_EQ(e.dominating.front().setting,
            "registration timer 3600 s (the manual's default), refreshed after 1800 s (assumption)");
  EXPECT_EQ(e.dominating.front().ms, 1800000);
  EXPECT_NE(e.noticed_worst.find("the registration refresh 1832.000 s after"), std::string::npos) << e.noticed_worst;
  EXPECT_NE(e.noticed_best.find("the registration refresh 31.950 s after"), std::string::npos) << e.noticed_best;
}

TEST(ModelOutage, RecommendedTimersShortenTheBestCase)
{
  PhoneSettings s;
  s.response_timer = k_recommended_response_timer;
  s.non_invite_timer = k_recommended_non_invite_timer;
  ModelInput in = three_servers(s);
  in.connect_ms = 0;
  const auto e = bounds(in);
  EXPECT_EQ(e.best, 3750); // a call right after the failure: 3700 ms, then REGISTER at the next server
  EXPECT_NE(e.noticed_best.find("a call placed right after it"), std::string::npos) << e.noticed_best;
  EXPECT_EQ(e.worst, 1800000 + 6000 + 60000 + 50);
}

TEST(ModelOutage, TheRfc3263ProfileTriesTheNextServerAtOnce)
{
  // rfc3263: no backoff between servers after a REGISTER timeout.
  PhoneSettings s;
  s.phone_model = "rfc3263";
  ModelInput in = three_servers(s);
  in.connect_ms = 0;
  EXPECT_EQ(bounds(in).worst, 1800000 + 32000 + 50);
}

TEST(ModelOutage, RegisteredBackupTakesCallsAtOnceAndNoFallbackIsUnbounded)
{
  ModelInput in = three_servers(tls_settings(30));
  in.servers.resize(1);
  in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false, {}};
  const auto backup = bounds(in);
  EXPECT_EQ(backup.fallback, Fallback::backup_registered);
  EXPECT_EQ(backup.best, 10000);
  EXPECT_EQ(backup.worst, 40000);
  EXPECT_EQ(backup.next, "backup backup.example.com:5060");
  in.backup.reset();
  const auto none = bounds(in);
  EXPECT_TRUE(none.unbounded);
  EXPECT_EQ(none.fallback, Fallback::none);
}

TEST(ModelLiveSummary, RegisteredWithTheFirstServerThatAnswers)
{
  ModelInput in = three_servers(tls_settings(30));
  LiveState now;
  now.servers = {ServerNow::down, ServerNow::up, ServerNow::up};
  const auto sum = summarize_live(in, now, false);
  ASSERT_TRUE(sum.registered);
  EXPECT_EQ(*sum.registered, 1U);
  ASSERT_TRUE(sum.if_current_fails);
  EXPECT_EQ(sum.if_current_fails->next, "sip3.example.com:5061");
  EXPECT_EQ(sum.if_current_fails->outage.worst, 92150);
}

TEST(ModelLiveSummary, TlsFailureMakesAServerUnusableOnlyForTls)
{
  ModelInput in = three_servers(tls_settings(30));
  LiveState now;
  now.servers = {ServerNow::tls_fails, ServerNow::unavailable, ServerNow::up};
  EXPECT_EQ(*summarize_live(in, now, false).registered, 2U);
  in.settings.transport = Transport::udp;
  EXPECT_EQ(*summarize_live(in, now, false).registered, 0U);
}

TEST(ModelLiveSummary, ARejectedRegisterOrARefusalMakesAServerUnusable)
{
  ModelInput in = three_servers(tls_settings(30));
  LiveState now;
  now.servers = {ServerNow::register_rejected, ServerNow::refused, ServerNow::up};
  EXPECT_EQ(*summarize_live(in, now, false).registered, 2U);
}

TEST(ModelLiveSummary, AllDownGoesToTheBackupOrOutOfService)
{
  ModelInput in = three_servers(tls_settings(30));
  LiveState now;
  now.servers = {ServerNow::down, ServerNow::down, ServerNow::down};
  EXPECT_TRUE(summarize_live(in, now, false).out_of_service);
  in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false, {}};
  const auto sum = summarize_live(in, now, false);
  EXPECT_TRUE(sum.on_backup);
  EXPECT_FALSE(sum.if_current_fails);
  now.backup = ServerNow::down;
  EXPECT_TRUE(summarize_live(in, now, false).out_of_service);
}

TEST(ModelLiveSummary, LastServerFailingFallsToTheBackup)
{
  ModelInput in = three_servers(tls_settings(30));
  in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false, {}};
  LiveState now;
  now.servers = {ServerNow::down, ServerNow::down, ServerNow::up};
  const auto sum = summarize_live(in, now, true);
  ASSERT_TRUE(sum.if_current_fails);
  EXPECT_EQ(sum.if_current_fails->next, "backup backup.example.com:5060");
  EXPECT_EQ(sum.if_current_fails->outage.fallback, Fallback::backup_registered);
  ASSERT_EQ(sum.all_failures.size(), 3U);
  EXPECT_FALSE(sum.all_failures[0].in_use);
  EXPECT_TRUE(sum.all_failures[2].in_use);
}

TEST(ModelLiveSummary, ProxyStandingInIsSurvivableMode)
{
  ModelInput in = three_servers(tls_settings(30));
  in.servers[0].is_survivability_proxy = true;
  in.settings.survivability_proxy = "sip1.example.com";
  LiveState now;
  now.proxy_link_lost = true;
  EXPECT_TRUE(summarize_live(in, now, false).survivable_mode);
}

TEST(ModelSimFindings, DefaultsGiveTimerAndBackupFindings)
{
  ModelInput in = three_servers(tls_settings(0));
  const auto f = sim_findings(in, nullptr);
  EXPECT_TRUE(has(f, "SIM001"));
  EXPECT_TRUE(has(f, "SIM002"));
  EXPECT_TRUE(has(f, "SIM003"));
  EXPECT_TRUE(has(f, "SIM005"));
  EXPECT_FALSE(has(f, "SIM004"));
  EXPECT_FALSE(has(f, "SIM011"));
  in.settings.outbound_proxy = false;
  EXPECT_TRUE(has(sim_findings(in, nullptr), "SIM011"));
}

TEST(ModelSimFindings, RecommendedSettingsGiveNoTimerFindings)
{
  PhoneSettings s = tls_settings(30);
  s.response_timer = k_recommended_response_timer;
  s.non_invite_timer = k_recommended_non_invite_timer;
  ModelInput in = three_servers(s);
  in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false, {}};
  in.servers.resize(1);
  in.settings.survivability_proxy = "sip1.example.com";
  const auto sum = summarize_live(in, LiveState{}, false);
  const auto f = sum.findings;
  EXPECT_FALSE(has(f, "SIM001"));
  EXPECT_FALSE(has(f, "SIM002"));
  EXPECT_FALSE(has(f, "SIM003"));
  EXPECT_TRUE(has(f, "SIM004"));
  EXPECT_TRUE(has(f, "SIM009"));
  EXPECT_FALSE(has(f, "SIM006")); // 40 s worst case is under the 60 s threshold
}
