#pragma once

#include "core/dns/cares_resolver.hpp"
#include "core/dns/host_lookup.hpp"
#include "core/dns/site_dns.hpp"
#include "core/net/event_loop.hpp"
#include "core/util/error.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sipsurv::dns {

// A/AAAA lookups driven by a net::EventLoop, so that probes and their name
// lookups share one loop and one deadline. c-ares's sockets are watched
// through ARES_OPT_SOCK_STATE_CB and its retry timer is a loop timer.
//
//   net::EventLoop loop;
//   auto r = AsyncResolver::create(loop, {servers, 5s});
//   (*r)->lookup("sip1.example.com", [](Result<std::vector<AddressRecord>> a, auto elapsed) { … });
//   while (loop.run_once(deadline)) { … }
class AsyncResolver final : public HostLookup
{
public:
  // Addresses (A first, then AAAA), or an error: Errc::timeout when a
  // question went unanswered, else Errc::no_server (NXDOMAIN, no records,
  // SERVFAIL), with the elapsed time of the lookup.
  using Callback = Done;

  static Result<std::unique_ptr<AsyncResolver>> create(net::Reactor& loop, const CaresOptions& options);
  ~AsyncResolver() override;
  AsyncResolver(const AsyncResolver&) = delete;
  AsyncResolver& operator=(const AsyncResolver&) = delete;

  // Ask for A and AAAA of `host` concurrently; `done` is called once, from
  // inside the loop, when both answered or failed. A name with no address
  // at all is an error naming the outcome (NXDOMAIN, no records).
  void lookup(const std::string& host, Callback done) override;

  struct State; // the c-ares channel and pending lookups (async_resolver.cpp)

private:
  explicit AsyncResolver(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

} // namespace sipsurv::dns
