#include "core/dns/cares_resolver.hpp"

#include <algorithm>

namespace sipsurv::dns {

CaresResolver::CaresResolver(CaresOptions options) : m_options(std::move(options)) {}

CaresResolver::~CaresResolver() = default;

Result<std::unique_ptr<CaresResolver>>
CaresResolver::create(const CaresOptions& options)
{
  std::unique_ptr<CaresResolver> r(new CaresResolver(options));
  auto channel = CaresChannel::create(r->m_loop, r->m_clock, options);
  if (!channel) {
    return std::unexpected(channel.error());
  }
  r->m_channel = std::move(*channel);
  return r;
}

std::string
CaresResolver::describe() const
{
  return m_channel->describe();
}

std::vector<Reply>
CaresResolver::lookup(std::span<const Question> questions, net::TimePoint run_deadline)
{
  const net::TimePoint deadline = std::min(run_deadline, m_clock.now() + m_options.timeout);
  std::vector<Reply> replies(questions.size());
  std::size_t remaining = questions.size();
  for (std::size_t i = 0; i < questions.size(); ++i) {
    m_channel->ask(questions[i], deadline, [&replies, &remaining, i](Reply r) {
      replies[i] = std::move(r);
      --remaining;
    });
  }
  // Bounded by the deadline: every question is answered by then, by its
  // deadline timer if not by the server, and no round waits past it.
  while (remaining > 0 && m_loop.run_once(deadline)) {
  }
  return replies;
}

} // namespace sipsurv::dns
