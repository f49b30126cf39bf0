#pragma once

#include "core/net/clock.hpp"
#include "core/net/timer_queue.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>

namespace sipsurv::net {

// The event-loop port: readiness of sockets and one-shot timers, one thread.
// Handlers may add or remove watches and timers, including their own. The
// real adapter is EventLoop (poll(2)); tests script one
// (tests/unit/fakes/scripted_io.hpp).
class Reactor
{
public:
  using IoHandler = std::function<void(short revents)>;
  using TimerId = TimerQueue::TimerId;

  virtual ~Reactor() = default;

  // Watch `fd` for `events` (POLLIN, POLLOUT); replaces an earlier watch.
  virtual void watch(int fd, short events, IoHandler handler) = 0;
  virtual void unwatch(int fd) = 0;

  // Call `fn` once at `at` (or at the next round if `at` has passed).
  virtual TimerId add_timer(TimePoint at, std::function<void()> fn) = 0;
  virtual void cancel_timer(const TimerId& id) = 0;

  // One round: wait for I/O until the next timer or `limit`, whichever is
  // first, dispatch ready sockets, then due timers. Returns false when there
  // is nothing to wait for (no watches and no timers).
  virtual bool run_once(TimePoint limit) = 0;
};

// The real reactor over poll(2) and the steady clock, which it reads only to
// wait and to fire timers.
class EventLoop final : public Reactor
{
public:
  using Clock = std::chrono::steady_clock;

  void watch(int fd, short events, IoHandler handler) override;
  void unwatch(int fd) override;
  TimerId add_timer(TimePoint at, std::function<void()> fn) override;
  void cancel_timer(const TimerId& id) override;
  bool run_once(TimePoint limit) override;

  std::size_t watch_count() const { return m_watches.size(); }

private:
  struct Watch {
    short events = 0;
    std::uint64_t generation = 0; // tells a reused fd number from the one that was polled
    IoHandler handler;
  };
  std::unordered_map<int, Watch> m_watches;
  TimerQueue m_timers;
  std::uint64_t m_next_generation = 1;
};

} // namespace sipsurv::net
