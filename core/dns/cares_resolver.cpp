#include "core/dns/cares_resolver.hpp"

#include "core/dns/site_dns.hpp"

#include <fmt/format.h>

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

std::vector<ServerReply>
CaresResolver::ask_each_server(const Question& question, net::TimePoint run_deadline)
{
  std::vector<ServerReply> out;
  if (m_options.servers.size() < 2) {
    return out;
  }
  // A server asked alone gets k_dns_server_check_wait, or a quarter of the
  // run's time left when that is less: a dead secondary must not eat the
  // probes' share of the one deadline.
  const net::TimePoint now = m_clock.now();
  net::TimePoint deadline = std::min(run_deadline, now + std::min(m_options.timeout, k_dns_server_check_wait));
  if (run_deadline != net::TimePoint::max() && run_deadline > now) {
    deadline = std::min(deadline, now + (run_deadline - now) / 4);
  }
  std::vector<std::unique_ptr<CaresChannel>> channels;
  std::size_t remaining = 0;
  out.reserve(m_options.servers.size());
  for (const auto& server : m_options.servers) {
    CaresOptions one = m_options;
    one.servers = {server};
    out.push_back(ServerReply{server.to_string(), {}});
    out.back().reply.outcome = std::unexpected(
      Error{Errc::timeout, fmt::format("no answer from DNS server {} before the deadline", server.to_string())});
    auto channel = CaresChannel::create(m_loop, m_clock, one);
    if (!channel) {
      out.back().reply.outcome = std::unexpected(channel.error());
      continue;
    }
    ++remaining;
    (*channel)->ask(question, deadline, [&out, &remaining, i = out.size() - 1](Reply r) {
      out[i].reply = std::move(r);
      --remaining;
    });
    channels.push_back(std::move(*channel));
  }
  while (remaining > 0 && m_loop.run_once(deadline)) {
  }
  return out; // the channels go before the loop they watch in
}

} // namespace sipsurv::dns
