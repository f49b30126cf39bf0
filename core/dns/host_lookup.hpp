#pragma once

#include "core/dns/cares_channel.hpp"
#include "core/dns/site_dns.hpp"
#include "core/net/clock.hpp"
#include "core/net/event_loop.hpp"

#include <functional>
#include <list>
#include <memory>
#include <string>

namespace sipsurv::dns {

// The prober's port for the addresses of a target given by name (probe
// TARGET…, the backup proxy): answered inside the prober's event loop, so
// lookups and probes share one deadline. The real adapter is
// CaresHostLookup; tests script one.
class HostLookup
{
public:
  using Done = std::function<void(HostAddresses)>;

  virtual ~HostLookup() = default;

  // `done` is called once, from inside the loop, by `deadline` at the
  // latest (with the lookups that did not finish as no-answer); never
  // after the port is gone.
  virtual void lookup(const std::string& host, net::TimePoint deadline, Done done) = 0;
};

// The real one: the site resolution's A/AAAA reader (AddressChase: owner
// names checked, the CNAME chain limit) over the c-ares adapter.
class CaresHostLookup final : public HostLookup
{
public:
  static Result<std::unique_ptr<CaresHostLookup>> create(net::Reactor& reactor, const net::Clock& clock,
                                                         const CaresOptions& options);
  ~CaresHostLookup() override;

  void lookup(const std::string& host, net::TimePoint deadline, Done done) override;

  struct Lookup; // one host's rounds of questions (host_lookup.cpp)

private:
  explicit CaresHostLookup(std::unique_ptr<CaresChannel> channel);
  void ask_round(Lookup& l);

  std::list<Lookup> m_lookups;
  std::unique_ptr<CaresChannel> m_channel; // destroyed first: no answer reaches a lookup that is gone
};

} // namespace sipsurv::dns
