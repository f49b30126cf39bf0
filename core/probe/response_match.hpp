#pragma once

#include "core/sip/response_parser.hpp"

#include <cstdint>
#include <string>

namespace sipsurv::probe {

// What identifies the transaction of one request (RFC 3261 §8.1.1, §17.1.3).
struct RequestIds {
  std::string branch;       // top Via branch, "z9hG4bK…"
  std::string sent_by_host; // top Via sent-by, as sent (IPv6 without brackets)
  std::uint16_t sent_by_port = 0;
  std::uint16_t default_port = 5060; // the transport's, for a sent-by without port
  std::uint32_t cseq = 1;
  std::string method = "OPTIONS";
  std::string call_id;
  std::string from_tag;
};

enum class Match {
  ours,      // the answer to this request
  malformed, // a mandatory header (Via, CSeq, Call-ID, From, To) is missing: a protocol error
  foreign,   // a well-formed answer to another transaction
};

struct MatchResult {
  Match match = Match::ours;
  std::string why; // one line, for malformed and foreign
};

// RFC 3261 §17.1.3: a response matches the client transaction when its top
// Via branch and sent-by, its CSeq number and method are the request's; and
// §8.1.1/§12: its Call-ID and From tag are the request's too. Branches,
// tags and hosts compare case-insensitively (tokens, §7.3.1), the Call-ID
// and the method byte by byte (§20.8, §7.1). Pure.
MatchResult match_response(const sip::SipResponse& response, const RequestIds& request);

} // namespace sipsurv::probe
