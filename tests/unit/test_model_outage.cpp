#include "core/model/live_summary.hpp"
#include "core/model/outage.hpp"
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

ModelInput
three_servers(PhoneSettings s)
{
  ModelInput in;
  in.settings = std::move(s);
  in.servers = {ServerInfo{"sip1.example.com", 5061, 10, 0, true, false},
                ServerInfo{"sip2.example.com", 5061, 20, 0, true, false},
                ServerInfo{"sip3.example.com", 5061, 30, 0, true, false}};
  in.connect_ms = 100;
  in.register_ms = 50;
  return in;
}

} // namespace

TEST(ModelOutage, CheckOnSilentServerBestAndWorstOverTheCheckInterval)
{
  // best: 10 s pong wait + 100 ms connect + 50 ms REGISTER
  // worst: 30 s interval + 10 s pong wait + 150 ms
  const auto e = estimate_outage(tls_settings(30), FailureKind::down, Fallback::next_server, 100, 50);
  EXPECT_EQ(e.best, 10150);
  EXPECT_EQ(e.worst, 40150);
  EXPECT_FALSE(e.unbounded);
  ASSERT_FALSE(e.dominating.empty());
  EXPECT_EQ(e.dominating.front().setting, "connectivity check every 30 s");
}

TEST(ModelOutage, CheckOffDefaultsAreDominatedByTimersAndRefresh)
{
  PhoneSettings s; // UDP, check off, 32000 ms timers, 60 s backoff, 3600 s registration
  const auto e = estimate_outage(s, FailureKind::down, Fallback::next_server, 0, 50);
  EXPECT_EQ(e.best, 32050);                         // a call: response timer + REGISTER
  EXPECT_EQ(e.worst, 1800000 + 32000 + 60000 + 50); // refresh at 1800 s, REGISTER timeout, full backoff
  const bool mentions_recommendation = std::any_of(e.dominating.begin(), e.dominating.end(), [](const OutagePart& p) {
    return p.setting == "response timer 32000 ms; 3700 ms is recommended for OpenScape Voice";
  });
  EXPECT_TRUE(mentions_recommendation);
}

TEST(ModelOutage, RecommendedTimersShortenTheBestCase)
{
  PhoneSettings s;
  s.response_timer = k_recommended_response_timer;
  s.non_invite_timer = k_recommended_non_invite_timer;
  const auto e = estimate_outage(s, FailureKind::down, Fallback::next_server, 0, 50);
  EXPECT_EQ(e.best, 3750);
  EXPECT_EQ(e.worst, 1800000 + 6000 + 60000 + 50);
}

TEST(ModelOutage, A503IsNoticedByTheFirstRequest)
{
  const auto e = estimate_outage(tls_settings(30), FailureKind::unavailable, Fallback::next_server, 100, 50);
  EXPECT_EQ(e.best, 150);
  EXPECT_EQ(e.worst, 1800150); // the check passes on a live connection: only the refresh notices
  EXPECT_EQ(e.rule, rfc("RFC 3263 §4.3"));
}

TEST(ModelOutage, BrokenTlsIsNoticedByTheNextCheck)
{
  const auto e = estimate_outage(tls_settings(20), FailureKind::connection_broken, Fallback::next_server, 100, 50);
  EXPECT_EQ(e.best, 150);
  EXPECT_EQ(e.worst, 20150);
}

TEST(ModelOutage, RegisteredBackupCostsNothingToSwitchAndNoFallbackIsUnbounded)
{
  const auto backup = estimate_outage(tls_settings(30), FailureKind::down, Fallback::backup_registered, 100, 50);
  EXPECT_EQ(backup.best, 10000);
  EXPECT_EQ(backup.worst, 40000);
  const auto none = estimate_outage(tls_settings(30), FailureKind::down, Fallback::none, 100, 50);
  EXPECT_TRUE(none.unbounded);
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
  EXPECT_EQ(sum.if_current_fails->outage.worst, 40150);
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

TEST(ModelLiveSummary, AllDownGoesToTheBackupOrOutOfService)
{
  ModelInput in = three_servers(tls_settings(30));
  LiveState now;
  now.servers = {ServerNow::down, ServerNow::down, ServerNow::down};
  EXPECT_TRUE(summarize_live(in, now, false).out_of_service);
  in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false};
  const auto sum = summarize_live(in, now, false);
  EXPECT_TRUE(sum.on_backup);
  EXPECT_FALSE(sum.if_current_fails);
  now.backup = ServerNow::down;
  EXPECT_TRUE(summarize_live(in, now, false).out_of_service);
}

TEST(ModelLiveSummary, LastServerFailingFallsToTheBackup)
{
  ModelInput in = three_servers(tls_settings(30));
  in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false};
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
}

TEST(ModelSimFindings, RecommendedSettingsGiveNoTimerFindings)
{
  PhoneSettings s = tls_settings(30);
  s.response_timer = k_recommended_response_timer;
  s.non_invite_timer = k_recommended_non_invite_timer;
  ModelInput in = three_servers(s);
  in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false};
  in.servers.resize(1);
  in.settings.survivability_proxy = "sip1.example.com";
  const auto outage = estimate_outage(s, FailureKind::down, Fallback::backup_registered, 100, 50);
  const auto f = sim_findings(in, &outage);
  EXPECT_FALSE(has(f, "SIM001"));
  EXPECT_FALSE(has(f, "SIM002"));
  EXPECT_FALSE(has(f, "SIM003"));
  EXPECT_TRUE(has(f, "SIM004"));
  EXPECT_TRUE(has(f, "SIM009"));
  EXPECT_FALSE(has(f, "SIM006")); // 40 s worst case is under the 60 s threshold
}
