#include "core/status/verdict.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace sipsurv::status;

namespace {

ServerStatus
server(std::string name, std::uint16_t prio, Reachability r, bool proxy = false)
{
  return ServerStatus{std::move(name), 5061, prio, proxy, r, ""};
}

bool
has(const Verdict& v, std::string_view id)
{
  return std::any_of(v.findings.begin(), v.findings.end(), [&](auto& f) { return f.id == id; });
}

VerdictInput
site(std::vector<ServerStatus> servers)
{
  VerdictInput in;
  in.servers = std::move(servers);
  in.phone_uses_tls = true;
  return in;
}

} // namespace

TEST(Verdict, AllHealthyIsNormal)
{
  auto v = derive_verdict(site({server("a", 10, Reachability::healthy), server("b", 20, Reachability::healthy)}), 0);
  EXPECT_EQ(v.state, SiteState::normal);
  EXPECT_EQ(v.serving, 0U);
  EXPECT_TRUE(v.findings.empty());
}

TEST(Verdict, WarningsMakeDegraded)
{
  auto v = derive_verdict(site({server("a", 10, Reachability::healthy)}), 2);
  EXPECT_EQ(v.state, SiteState::degraded);
}

TEST(Verdict, BrokenFallbackIsDegraded)
{
  auto v =
    derive_verdict(site({server("a", 10, Reachability::healthy), server("b", 20, Reachability::unreachable)}), 0);
  EXPECT_EQ(v.state, SiteState::degraded);
  EXPECT_TRUE(has(v, "STA005"));
}

TEST(Verdict, PrimaryDownIsFailover)
{
  auto v =
    derive_verdict(site({server("a", 10, Reachability::unreachable), server("b", 20, Reachability::healthy)}), 0);
  EXPECT_EQ(v.state, SiteState::failover);
  EXPECT_EQ(v.serving, 1U);
  EXPECT_TRUE(has(v, "STA001"));
}

TEST(Verdict, SamePriorityPeerTakesOverWithoutFailover)
{
  // Two servers of priority 10, one dead: the phone stays in its preferred group.
  auto v =
    derive_verdict(site({server("a", 10, Reachability::unreachable), server("b", 10, Reachability::healthy)}), 0);
  EXPECT_EQ(v.state, SiteState::degraded);
  EXPECT_EQ(v.serving, 1U);
}

TEST(Verdict, Answering503IsNotUsable)
{
  auto v = derive_verdict(site({server("a", 10, Reachability::unavailable), server("b", 20, Reachability::alive)}), 0);
  EXPECT_EQ(v.state, SiteState::failover);
  EXPECT_EQ(v.serving, 1U);
}

TEST(Verdict, OnlyBackupIsBackup)
{
  auto in = site({server("a", 10, Reachability::unreachable)});
  in.backup = ServerStatus{"backup", 5060, 0, false, Reachability::healthy, ""};
  auto v = derive_verdict(in, 0);
  EXPECT_EQ(v.state, SiteState::backup);
  EXPECT_TRUE(has(v, "STA002"));
  EXPECT_TRUE(has(v, "STA007")); // TLS phone, UDP/TCP backup
}

TEST(Verdict, NothingIsDown)
{
  auto in = site({server("a", 10, Reachability::unreachable)});
  in.backup = ServerStatus{"backup", 5060, 0, false, Reachability::unreachable, "timeout"};
  auto v = derive_verdict(in, 0);
  EXPECT_EQ(v.state, SiteState::down);
  EXPECT_TRUE(has(v, "STA003"));
  EXPECT_TRUE(has(v, "STA006"));
}

TEST(Verdict, EmptyListIsDown)
{
  EXPECT_EQ(derive_verdict(site({}), 0).state, SiteState::down);
}

TEST(Verdict, NoDnsIsUnknown)
{
  auto in = site({});
  in.dns_answered = false;
  EXPECT_EQ(derive_verdict(in, 0).state, SiteState::unknown);
}

TEST(Verdict, ProxyStandingInIsSurvivable)
{
  auto in = site({server("proxy", 10, Reachability::healthy, true), server("primary", 20, Reachability::healthy)});
  in.proxy = ProxyMode::standing_in;
  in.proxy_evidence = "Max-Forwards 1 answered by the proxy itself";
  auto v = derive_verdict(in, 0);
  EXPECT_EQ(v.state, SiteState::survivable);
  EXPECT_TRUE(has(v, "STA004"));
}

TEST(Verdict, ProxyRelayingIsNormal)
{
  auto in = site({server("proxy", 10, Reachability::healthy, true), server("primary", 20, Reachability::healthy)});
  in.proxy = ProxyMode::relaying;
  EXPECT_EQ(derive_verdict(in, 0).state, SiteState::normal);
}

TEST(Verdict, ProxyUnreachableGoesToPrimary)
{
  auto in = site({server("proxy", 10, Reachability::unreachable, true), server("primary", 20, Reachability::healthy)});
  in.proxy = ProxyMode::unreachable;
  auto v = derive_verdict(in, 0);
  EXPECT_EQ(v.state, SiteState::failover);
  EXPECT_EQ(v.serving, 1U);
}

// SPEC.md "Severity rules": a healthy TLS site with a backup is NORMAL; the
// backup's missing TLS (STA007) is info and never changes the state.
TEST(Verdict, HealthyTlsSiteWithABackupIsNormal)
{
  VerdictInput in = site({server("a", 10, Reachability::healthy), server("b", 20, Reachability::healthy)});
  in.backup = ServerStatus{"backup", 5060, 0, false, Reachability::healthy, ""};
  auto v = derive_verdict(in, 0);
  EXPECT_TRUE(has(v, "STA007"));
  EXPECT_EQ(v.state, SiteState::normal) << v.reason;
}

// An accepted finding stays, marked, and no longer moves the state; an
// accepted state finding hands the judgement to the rest.
TEST(Verdict, AcceptedFindingsNoLongerMoveTheState)
{
  VerdictInput broken = site({server("a", 10, Reachability::healthy), server("b", 20, Reachability::unreachable)});
  broken.accepted = {"STA005"};
  auto v = derive_verdict(broken, 0);
  ASSERT_TRUE(has(v, "STA005"));
  EXPECT_TRUE(std::find_if(v.findings.begin(), v.findings.end(), [](auto& f) { return f.id == "STA005"; })->accepted);
  EXPECT_EQ(v.state, SiteState::normal) << v.reason;
  EXPECT_EQ(derive_verdict(broken, 1).state, SiteState::degraded); // another warning still counts

  VerdictInput failover = site({server("a", 10, Reachability::unreachable), server("b", 20, Reachability::healthy)});
  EXPECT_EQ(derive_verdict(failover, 0).state, SiteState::failover);
  // Accepting the failover hands the judgement to the rest: the primary that
  // would not take back over (STA005, a warning) still makes it DEGRADED.
  failover.accepted = {"STA001"};
  EXPECT_EQ(derive_verdict(failover, 0).state, SiteState::degraded);
  failover.accepted = {"STA001", "STA005"};
  EXPECT_EQ(derive_verdict(failover, 0).state, SiteState::normal);
}
