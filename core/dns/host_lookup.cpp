#include "core/dns/host_lookup.hpp"

#include "core/dns/address_chase.hpp"

#include <vector>

namespace sipsurv::dns {

struct CaresHostLookup::Lookup {
  explicit Lookup(const std::string& host) : chase(host) {}
  AddressChase chase;
  net::TimePoint deadline{};
  Done done;
  std::vector<Reply> replies;
  std::size_t outstanding = 0;
};

CaresHostLookup::CaresHostLookup(std::unique_ptr<CaresChannel> channel) : m_channel(std::move(channel)) {}

CaresHostLookup::~CaresHostLookup()
{
  m_channel.reset(); // drops what is pending without calling back
}

Result<std::unique_ptr<CaresHostLookup>>
CaresHostLookup::create(net::Reactor& reactor, const net::Clock& clock, const CaresOptions& options)
{
  auto channel = CaresChannel::create(reactor, clock, options);
  if (!channel) {
    return std::unexpected(channel.error());
  }
  return std::unique_ptr<CaresHostLookup>(new CaresHostLookup(std::move(*channel)));
}

void
CaresHostLookup::lookup(const std::string& host, net::TimePoint deadline, Done done)
{
  Lookup& l = m_lookups.emplace_back(host);
  l.deadline = deadline;
  l.done = std::move(done);
  ask_round(l);
}

// One round of the chase: every question at once; the next round when all
// are answered. Bounded: the chase ends after the CNAME chain limit.
void
CaresHostLookup::ask_round(Lookup& l)
{
  if (l.chase.done()) {
    Done done = std::move(l.done);
    const HostAddresses result = l.chase.result();
    m_lookups.remove_if([&](const Lookup& x) { return &x == &l; });
    done(result);
    return;
  }
  // A copy: an answer that comes at once (c-ares may call back inside
  // ask()) can finish this round and start the next before the loop ends.
  const std::vector<Question> questions = l.chase.questions();
  l.replies.assign(questions.size(), Reply{});
  l.outstanding = questions.size();
  for (std::size_t i = 0; i < questions.size(); ++i) {
    m_channel->ask(questions[i], l.deadline, [this, &l, i](Reply r) {
      l.replies[i] = std::move(r);
      if (--l.outstanding == 0) {
        l.chase.absorb(l.replies);
        ask_round(l);
      }
    });
  }
}

} // namespace sipsurv::dns
