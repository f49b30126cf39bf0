#pragma once

#include "core/dns/resolver.hpp"
#include "core/dns/server_address.hpp"
#include "core/net/clock.hpp"
#include "core/net/event_loop.hpp"
#include "core/util/error.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sipsurv::dns {

struct CaresOptions {
  std::vector<ServerAddress> servers;      // empty = the system resolver (/etc/resolv.conf)
  std::chrono::milliseconds timeout{5000}; // sizes c-ares's retries; each question also has a deadline
};

// The one c-ares adapter (1.18): questions asked inside a net::Reactor, each
// answered once by its deadline. Responses of every rcode are returned
// (ARES_FLAG_NOCHECKRESP), so SERVFAIL and REFUSED are reported as such
// instead of looking like a dead server. A UDP answer with the TC bit is
// asked again over TCP here, not inside c-ares, so a failed TCP retry is
// reported as what it is ("truncated over UDP, the TCP retry failed: …")
// rather than as the TCP error alone.
class CaresChannel
{
public:
  using Done = std::function<void(Reply)>;

  static Result<std::unique_ptr<CaresChannel>> create(net::Reactor& reactor, const net::Clock& clock,
                                                      const CaresOptions& options);
  ~CaresChannel(); // pending questions are dropped without calling back
  CaresChannel(const CaresChannel&) = delete;
  CaresChannel& operator=(const CaresChannel&) = delete;

  // `done` is called once, from inside the reactor: with the parsed
  // response, or an error (Errc::timeout when nothing came by `deadline`).
  void ask(const Question& question, net::TimePoint deadline, Done done);

  // The servers asked, for reports: "127.0.0.1:5353", "system resolver (…)".
  std::string describe() const;

  struct State; // the two c-ares channels and the pending questions (cares_channel.cpp)

private:
  explicit CaresChannel(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

} // namespace sipsurv::dns
