#include "core/probe/udp_timers.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using sipsurv::probe::udp_schedule;

TEST(UdpTimers, TimerEDoublesUpToT2AndTimerFEnds)
{
  const auto s = udp_schedule(500ms, 4000ms, 60000ms);
  // 0, 0.5, 1.5, 3.5, 7.5, then every 4 s until Timer F = 32 s.
  const std::vector<std::chrono::milliseconds> expected{0ms,     500ms,   1500ms,  3500ms,  7500ms, 11500ms,
                                                        15500ms, 19500ms, 23500ms, 27500ms, 31500ms};
  EXPECT_EQ(s.sends, expected);
  EXPECT_EQ(s.give_up, 32000ms);
}

TEST(UdpTimers, DeadlineCapsTheTransaction)
{
  const auto s = udp_schedule(500ms, 4000ms, 5000ms);
  const std::vector<std::chrono::milliseconds> expected{0ms, 500ms, 1500ms, 3500ms};
  EXPECT_EQ(s.sends, expected);
  EXPECT_EQ(s.give_up, 5000ms);
}

TEST(UdpTimers, OddInputsStayBounded)
{
  EXPECT_LE(udp_schedule(0ms, 0ms, 100000ms).sends.size(), 128U);
  EXPECT_TRUE(udp_schedule(500ms, 4000ms, -5ms).sends.empty());
  const auto s = udp_schedule(100ms, 50ms, 1000ms); // T2 below T1 is treated as T1
  EXPECT_EQ(s.sends.size(), 10U);
}
