#include "core/net/event_loop.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace sipsurv::net {

void
EventLoop::watch(int fd, short events, IoHandler handler)
{
  m_watches[fd] = Watch{events, m_next_generation++, std::move(handler)};
}

void
EventLoop::unwatch(int fd)
{
  m_watches.erase(fd);
}

EventLoop::TimerId
EventLoop::add_timer(TimePoint at, std::function<void()> fn)
{
  return m_timers.add(at, std::move(fn));
}

void
EventLoop::cancel_timer(const TimerId& id)
{
  m_timers.cancel(id);
}

bool
EventLoop::run_once(TimePoint limit)
{
  if (m_watches.empty() && m_timers.empty()) {
    return false;
  }
  std::vector<pollfd> fds;
  std::vector<std::uint64_t> generations;
  fds.reserve(m_watches.size());
  generations.reserve(m_watches.size());
  for (const auto& [fd, w] : m_watches) {
    fds.push_back(pollfd{fd, w.events, 0});
    generations.push_back(w.generation);
  }
  auto wake = limit;
  if (const auto due = m_timers.next_due()) {
    wake = std::min(wake, *due);
  }
  const auto now = Clock::now();
  int wait_ms = 0;
  if (wake > now) {
    // Round up so that a timer is never polled for just before it is due.
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(wake - now).count();
    wait_ms = static_cast<int>(std::min<long long>((us + 999) / 1000, 60'000));
  }
  const int ready = poll(fds.data(), fds.size(), wait_ms);
  if (ready < 0 && errno != EINTR) {
    return false;
  }
  for (std::size_t i = 0; ready > 0 && i < fds.size(); ++i) {
    if (fds[i].revents == 0) {
      continue;
    }
    const auto it = m_watches.find(fds[i].fd);
    if (it == m_watches.end() || it->second.generation != generations[i]) {
      continue; // removed or replaced by an earlier handler in this round
    }
    IoHandler handler = it->second.handler; // the handler may unwatch itself
    handler(fds[i].revents);
  }
  // Due timers, including ones added by handlers above.
  m_timers.fire_due(Clock::now());
  return true;
}

} // namespace sipsurv::net
