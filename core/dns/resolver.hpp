#pragma once

#include "core/dns/records.hpp"
#include "core/net/clock.hpp"
#include "core/util/error.hpp"

#include <chrono>
#include <span>
#include <string>
#include <vector>

namespace sipsurv::dns {

// What one question got: the parsed response (any rcode), or an error when no
// usable response came (Errc::timeout, Errc::no_server, Errc::protocol).
struct Reply {
  Result<Message> outcome;
  std::chrono::microseconds elapsed{0};
  // The DNS server whose answer this is ("127.0.0.1:53", "[::1]:5353");
  // empty when none answered, or for a zone file.
  std::string server;
};

// What one configured DNS server, asked alone, answered.
struct ServerReply {
  std::string server; // as configured: "127.0.0.1:53"
  Reply reply;
};

// The port through which sipsurv asks DNS questions. The real adapter is
// CaresResolver; ZoneResolver answers from a zone file (offline runs, tests).
class Resolver
{
public:
  virtual ~Resolver() = default;

  // Ask all questions concurrently; one reply per question, in order, by
  // `deadline` at the latest (a question unanswered then is Errc::timeout):
  // one deadline for every round of a run. TimePoint::max() = none but the
  // resolver's own timeout.
  virtual std::vector<Reply> lookup(std::span<const Question> questions, net::TimePoint deadline) = 0;

  // Ask `question` of each configured DNS server on its own, all at once,
  // by `deadline`: which of the phone's Primary/Secondary DNS servers work.
  // One entry per server in configured order; empty when there is no
  // server to ask (a zone file) or only one (the lookups already say).
  virtual std::vector<ServerReply> ask_each_server(const Question& /*question*/, net::TimePoint /*deadline*/)
  {
    return {};
  }

  // Who answers, for reports: "127.0.0.1:5353", "system (127.0.0.53:53)", "zone file site.zone".
  virtual std::string describe() const = 0;
};

} // namespace sipsurv::dns
