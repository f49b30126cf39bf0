#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
#include <utility>

namespace sipsurv::net {

// A small poll(2) event loop: non-blocking sockets and one-shot timers, one
// thread. Handlers may add or remove watches and timers, including their own.
// The loop reads the steady clock only to wait and to fire timers.
class EventLoop
{
public:
  using Clock = std::chrono::steady_clock;
  using IoHandler = std::function<void(short revents)>;
  using TimerId = std::pair<Clock::time_point, std::uint64_t>;

  // Watch `fd` for `events` (POLLIN, POLLOUT); replaces an earlier watch.
  void watch(int fd, short events, IoHandler handler);
  void unwatch(int fd);

  // Call `fn` once at `at` (or at the next round if `at` has passed).
  TimerId add_timer(Clock::time_point at, std::function<void()> fn);
  void cancel_timer(const TimerId& id);

  // One round: wait for I/O until the next timer or `limit`, whichever is
  // first, dispatch ready sockets, then due timers. Returns false when there
  // is nothing to wait for (no watches and no timers).
  bool run_once(Clock::time_point limit);

  std::size_t watch_count() const { return m_watches.size(); }

private:
  struct Watch {
    short events = 0;
    std::uint64_t generation = 0; // tells a reused fd number from the one that was polled
    IoHandler handler;
  };
  std::unordered_map<int, Watch> m_watches;
  std::map<TimerId, std::function<void()>> m_timers;
  std::uint64_t m_next_id = 1;
};

} // namespace sipsurv::net
