#include "core/net/event_loop.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <vector>

using namespace std::chrono_literals;
using sipsurv::net::EventLoop;

TEST(EventLoop, NothingToDoReturnsFalse)
{
  EventLoop loop;
  EXPECT_FALSE(loop.run_once(EventLoop::Clock::now() + 1s));
}

TEST(EventLoop, TimersFireInOrderAndCancelledOnesNever)
{
  EventLoop loop;
  std::vector<int> fired;
  const auto now = EventLoop::Clock::now();
  loop.add_timer(now + 20ms, [&] { fired.push_back(2); });
  loop.add_timer(now + 5ms, [&] { fired.push_back(1); });
  const auto cancelled = loop.add_timer(now + 10ms, [&] { fired.push_back(99); });
  loop.cancel_timer(cancelled);
  // Bounded: each round waits until the next timer.
  for (int i = 0; i < 10 && fired.size() < 2; ++i) {
    loop.run_once(now + 1s);
  }
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
  EXPECT_FALSE(loop.run_once(now + 1s));
}

TEST(EventLoop, ReadableSocketAndUnwatchFromItsHandler)
{
  std::array<int, 2> fds{};
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds.data()), 0);
  EventLoop loop;
  int calls = 0;
  loop.watch(fds[0], POLLIN, [&](short revents) {
    ++calls;
    EXPECT_TRUE((revents & POLLIN) != 0);
    loop.unwatch(fds[0]);
  });
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  loop.run_once(EventLoop::Clock::now() + 1s);
  loop.run_once(EventLoop::Clock::now() + 10ms); // nothing watched, nothing fires
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(loop.watch_count(), 0U);
  close(fds[0]);
  close(fds[1]);
}

TEST(EventLoop, WaitNeverPassesTheLimit)
{
  std::array<int, 2> fds{};
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds.data()), 0);
  EventLoop loop;
  loop.watch(fds[0], POLLIN, [](short) {});
  const auto start = EventLoop::Clock::now();
  loop.run_once(start + 30ms); // silent socket: returns at the limit
  const auto waited = EventLoop::Clock::now() - start;
  EXPECT_GE(waited, 29ms);
  EXPECT_LT(waited, 1s);
  close(fds[0]);
  close(fds[1]);
}
