#include "core/status/server_view.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;
using namespace sipsurv::status;

namespace {

ProbeRow
row(std::string role, std::string target, std::string address, std::optional<int> status, std::string state = "ok")
{
  ProbeRow r;
  r.role = std::move(role);
  r.target = std::move(target);
  r.port = 5060;
  r.address = std::move(address);
  r.transport = Transport::udp;
  r.status = status;
  r.state = std::move(state);
  r.reason = status ? "Reason" : "";
  return r;
}

// Two servers, the first with two addresses, the second with none.
dns::SiteDns
site()
{
  dns::SiteDns s;
  s.plan.transport = Transport::udp;
  s.hosts.resize(2);
  s.hosts[0].host = "a.test";
  s.hosts[0].addresses = {{"127.0.0.1", 60, false}, {"127.0.0.2", 60, false}};
  s.hosts[1].host = "b.test";
  s.servers.push_back({"a.test", 5060, 10, 0, 1.0, 300, &s.hosts[0]});
  s.servers.push_back({"b.test", 5060, 20, 0, 1.0, 300, &s.hosts[1]});
  return s;
}

} // namespace

TEST(ServerView, ReachabilityFollowsTheFinalAnswer)
{
  EXPECT_EQ(reachability_of(row("server", "a", "x", 200)), Reachability::healthy);
  EXPECT_EQ(reachability_of(row("server", "a", "x", 503)), Reachability::unavailable);
  EXPECT_EQ(reachability_of(row("server", "a", "x", 404)), Reachability::alive);
  EXPECT_EQ(reachability_of(row("server", "a", "x", 180)), Reachability::unreachable);
  EXPECT_EQ(reachability_of(row("server", "a", "x", std::nullopt, "timeout")), Reachability::unreachable);
}

TEST(ServerView, TargetCountsAsItsBestAddress)
{
  const auto s = site();
  const std::vector<ProbeRow> rows{row("server", "a.test", "127.0.0.1", std::nullopt, "refused"),
                                   row("server", "A.TEST.", "127.0.0.2", 200)};
  const auto statuses = server_statuses(s, rows, "");
  ASSERT_EQ(statuses.size(), 2U);
  EXPECT_EQ(statuses[0].reach, Reachability::healthy);
  EXPECT_EQ(statuses[0].detail, "200 Reason via 127.0.0.2");
  EXPECT_EQ(statuses[0].priority, 10);
  EXPECT_EQ(statuses[1].reach, Reachability::unreachable);
  EXPECT_EQ(statuses[1].detail, "no address");
}

TEST(ServerView, OtherTransportsAndRolesDoNotCount)
{
  const auto s = site();
  auto tcp = row("server", "a.test", "127.0.0.1", 200);
  tcp.transport = Transport::tcp;
  const std::vector<ProbeRow> rows{tcp, row("backup", "a.test", "127.0.0.1", 200)};
  const auto statuses = server_statuses(s, rows, "");
  EXPECT_EQ(statuses[0].reach, Reachability::not_probed);
}

TEST(ServerView, MarksTheSurvivabilityProxy)
{
  const auto statuses = server_statuses(site(), {}, "b.test.");
  EXPECT_FALSE(statuses[0].is_survivability_proxy);
  EXPECT_TRUE(statuses[1].is_survivability_proxy);
}

TEST(ServerView, BackupFromItsRowsOnly)
{
  EXPECT_FALSE(backup_status(std::vector<ProbeRow>{row("server", "a.test", "127.0.0.1", 200)}));
  const std::vector<ProbeRow> rows{row("backup", "bk.test", "127.0.0.9", std::nullopt, "timeout")};
  const auto b = backup_status(rows);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->target, "bk.test");
  EXPECT_EQ(b->reach, Reachability::unreachable);
  EXPECT_EQ(b->detail, "timeout via 127.0.0.9");
}
