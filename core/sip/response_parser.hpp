#pragma once

#include "core/util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::sip {

// What ties a response to its request (RFC 3261 §8.1.1, §17.1.3), read from
// the top Via, CSeq, Call-ID, From and To; the probe matches them against
// what it sent (core/probe/response_match.hpp).
struct ResponseIds {
  bool has_via = false;
  std::string via_branch; // of the top Via
  std::string via_host;   // its sent-by host, IPv6 without brackets
  std::optional<std::uint16_t> via_port;
  bool has_cseq = false;
  std::uint32_t cseq = 0;
  std::string cseq_method;
  bool has_call_id = false; // the value is SipResponse::call_id
  bool has_from = false;
  std::string from_tag;
  bool has_to = false;
  bool operator==(const ResponseIds&) const = default; // every field: the evidence round trip compares them
};

// The parts of a SIP response a diagnosis uses. Every string is as received
// (unescaped): escape before printing.
struct SipResponse {
  int status = 0;
  std::string reason;
  std::string server;
  std::string user_agent;
  std::string allow; // "INVITE, ACK, OPTIONS, …"
  std::string supported;
  std::vector<std::string> via;             // each Via value, top first
  std::vector<std::string> warning;         // each Warning value
  std::optional<std::uint32_t> retry_after; // seconds
  std::string contact;
  std::string call_id;
  std::string cseq;                                    // "1 OPTIONS"
  ResponseIds ids;                                     // for matching the response to its request
  std::vector<std::string> header_lines;               // every header line, unfolded, in order
  std::size_t size = 0;                                // bytes of the whole message
  bool operator==(const SipResponse&) const = default; // every field: the evidence round trip compares them
};

// Parse one complete response (a datagram, or one message cut out by the
// StreamFramer). Errc::protocol when it is not a SIP/2.0 response (the
// version compared case-insensitively, RFC 3261 §7.1) with a status in
// 100–699 (sofia-sip itself accepts HTTP/1.1 and 99999), or when the status
// line is missing; Errc::limit over limits::k_max_sip_response. A missing
// mandatory header is not an error here: `ids` says what is there.
Result<SipResponse> parse_response(std::string_view bytes);

} // namespace sipsurv::sip
