#include "core/probe/udp_timers.hpp"

#include <algorithm>

namespace sipsurv::probe {

UdpSchedule
udp_schedule(std::chrono::milliseconds t1, std::chrono::milliseconds t2, std::chrono::milliseconds cap)
{
  using std::chrono::milliseconds;
  UdpSchedule s;
  t1 = std::max(t1, milliseconds(1));
  t2 = std::max(t2, t1);
  s.give_up = std::min(64 * t1, std::max(cap, milliseconds(0)));
  milliseconds at{0};
  milliseconds interval = t1;
  // Bounded: at most 64·T1 / T1 sends.
  for (int n = 0; n < 128 && at < s.give_up; ++n) {
    s.sends.push_back(at);
    at += interval;
    interval = std::min(interval * 2, t2);
  }
  return s;
}

} // namespace sipsurv::probe
