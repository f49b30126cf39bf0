#pragma once

#include "core/net/clock.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

namespace sipsurv::net {

// One-shot timers ordered by due time: the half of an event loop that does
// not wait. Shared by the poll(2) loop and the scripted test reactor, so both
// fire timers by the same rules.
class TimerQueue
{
public:
  using TimerId = std::pair<TimePoint, std::uint64_t>;

  TimerId add(TimePoint at, std::function<void()> fn)
  {
    TimerId id{at, m_next_id++};
    m_timers.emplace(id, std::move(fn));
    return id;
  }
  void cancel(const TimerId& id) { m_timers.erase(id); }
  bool empty() const { return m_timers.empty(); }
  std::size_t size() const { return m_timers.size(); }
  std::optional<TimePoint> next_due() const
  {
    return m_timers.empty() ? std::nullopt : std::optional<TimePoint>(m_timers.begin()->first.first);
  }

  // Fire every timer due at `now`, in order, including ones that handlers
  // add for a time already passed; bounded by the count at entry plus 1024.
  void fire_due(TimePoint now)
  {
    std::size_t budget = m_timers.size() + 1024;
    while (!m_timers.empty() && m_timers.begin()->first.first <= now && budget-- > 0) {
      auto node = m_timers.extract(m_timers.begin());
      node.mapped()();
    }
  }

private:
  std::map<TimerId, std::function<void()>> m_timers;
  std::uint64_t m_next_id = 1;
};

} // namespace sipsurv::net
