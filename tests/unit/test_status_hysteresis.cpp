#include "core/status/hysteresis.hpp"

#include <gtest/gtest.h>

using namespace sipsurv::status;

TEST(Hysteresis, FirstRoundReportsState)
{
  Hysteresis h(2, 2);
  auto r = h.feed({{"a", true}}, SiteState::normal);
  ASSERT_TRUE(r.state_change);
  EXPECT_EQ(*r.state_change, SiteState::normal);
}

TEST(Hysteresis, OneFailureIsNotADownTransition)
{
  Hysteresis h(2, 2);
  h.feed({{"a", true}}, SiteState::normal);
  auto r = h.feed({{"a", false}}, SiteState::failover);
  EXPECT_FALSE(r.state_change);
  EXPECT_TRUE(r.target_changes.empty());
  EXPECT_EQ(r.reported, SiteState::normal);
  r = h.feed({{"a", false}}, SiteState::failover);
  ASSERT_TRUE(r.state_change);
  EXPECT_EQ(*r.state_change, SiteState::failover);
  ASSERT_EQ(r.target_changes.size(), 1U);
  EXPECT_FALSE(r.target_changes[0].up);
}

TEST(Hysteresis, RecoveryNeedsUpAfterSuccesses)
{
  Hysteresis h(1, 3);
  h.feed({{"a", true}}, SiteState::normal);
  h.feed({{"a", false}}, SiteState::down);
  EXPECT_EQ(*h.reported(), SiteState::down);
  EXPECT_FALSE(h.feed({{"a", true}}, SiteState::normal).state_change);
  EXPECT_FALSE(h.feed({{"a", true}}, SiteState::normal).state_change);
  auto r = h.feed({{"a", true}}, SiteState::normal);
  ASSERT_TRUE(r.state_change);
  EXPECT_EQ(*r.state_change, SiteState::normal);
  EXPECT_EQ(h.worst_seen(), SiteState::down);
  EXPECT_EQ(h.state_transitions(), 2U);
}

TEST(Hysteresis, FlappingDoesNotReport)
{
  Hysteresis h(2, 2);
  h.feed({{"a", true}}, SiteState::normal);
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(h.feed({{"a", i % 2 == 0}}, i % 2 == 0 ? SiteState::normal : SiteState::failover).state_change);
  }
  EXPECT_EQ(h.stats().at("a").rounds, 11U);
  EXPECT_EQ(h.stats().at("a").ok, 6U);
  EXPECT_NEAR(h.stats().at("a").availability(), 6.0 / 11.0, 1e-12);
}
