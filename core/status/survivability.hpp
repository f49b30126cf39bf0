#pragma once

#include "core/status/verdict.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sipsurv::status {

// The answer to one OPTIONS sent to the survivability proxy for the primary
// server's URI with a given Max-Forwards (a SIP traceroute, after sipsak -T).
struct HopAnswer {
  int max_forwards = 0;
  std::optional<int> status; // none: no answer before the deadline
  std::string reason;
  std::string server;               // Server header
  std::string user_agent;           // User-Agent header
  std::vector<std::string> headers; // every header line as received, for the indicator search
};

struct ProxyEvidence {
  std::vector<HopAnswer> hops;                 // Max-Forwards 0, 1, 2 in that order
  std::optional<std::string> primary_identity; // Server/User-Agent of the primary when probed directly
  std::string indicator;                       // --survivable-indicator: text to look for in any answer
};

struct ProxyInference {
  ProxyMode mode = ProxyMode::unknown;
  std::string evidence; // which answers decided it, for the report
};

// Decide whether the proxy relays to the primary or stands in for it, from
// who answered at each hop. Pure. The rules, in order (PHONE-MODEL.md
// scenario B; "assumption, to be confirmed on real equipment"):
//  1. no hop answered: unreachable;
//  2. the configured indicator appears in an answer: standing-in;
//  3. an answer to Max-Forwards >= 1 comes from another element than the
//     answer to Max-Forwards 0 (or matches the primary's identity): relaying;
//  4. every answer comes from the proxy itself and one is 2xx although
//     forwarding was possible: standing-in;
//  5. otherwise unknown, with what was seen.
ProxyInference infer_proxy_mode(const ProxyEvidence& evidence);

} // namespace sipsurv::status
