#pragma once

#include "core/dns/cares_channel.hpp"
#include "core/dns/resolver.hpp"
#include "core/net/clock.hpp"
#include "core/net/event_loop.hpp"

#include <memory>

namespace sipsurv::dns {

// The Resolver port over the one c-ares adapter (CaresChannel) and an event
// loop of its own: lookup() asks every question at once and returns when all
// are answered, or at the deadline.
class CaresResolver final : public Resolver
{
public:
  static Result<std::unique_ptr<CaresResolver>> create(const CaresOptions& options);
  ~CaresResolver() override;
  CaresResolver(const CaresResolver&) = delete;
  CaresResolver& operator=(const CaresResolver&) = delete;

  // By `deadline`, and never longer than the configured timeout from now.
  std::vector<Reply> lookup(std::span<const Question> questions, net::TimePoint deadline) override;
  // With two or more --dns servers: one channel per server, in this
  // resolver's loop, all asked at once.
  std::vector<ServerReply> ask_each_server(const Question& question, net::TimePoint deadline) override;
  std::string describe() const override;

private:
  explicit CaresResolver(CaresOptions options);

  CaresOptions m_options;
  net::SteadyClock m_clock;
  net::EventLoop m_loop;
  std::unique_ptr<CaresChannel> m_channel; // destroyed before the loop it watches in
};

} // namespace sipsurv::dns
