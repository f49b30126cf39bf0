#pragma once

#include "core/util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::sip {

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
  std::string cseq;                      // "1 OPTIONS"
  std::vector<std::string> header_lines; // every header line, unfolded, in order
  std::size_t size = 0;                  // bytes of the whole message
};

// Parse one complete response (a datagram, or one message cut out by the
// StreamFramer). Errc::protocol when it is not a SIP/2.0 response with a
// status in 100–699 (sofia-sip itself accepts HTTP/1.1 and 99999), or when the
// status line is missing; Errc::limit over limits::k_max_sip_response.
Result<SipResponse> parse_response(std::string_view bytes);

} // namespace sipsurv::sip
