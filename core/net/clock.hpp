#pragma once

#include <chrono>

namespace sipsurv::net {

// Steady time: what deadlines, timers and timings are measured in.
using TimePoint = std::chrono::steady_clock::time_point;

// Where event-driven code (the prober, the DNS channel) reads the time: a
// port, so that unit tests can script time (tests/unit/fakes/scripted_io.hpp)
// and the rules about deadlines and time shares run without waiting.
class Clock
{
public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// The real clock: std::chrono::steady_clock.
class SteadyClock final : public Clock
{
public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
};

} // namespace sipsurv::net
