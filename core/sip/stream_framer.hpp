#pragma once

#include "core/util/error.hpp"
#include "core/util/limits.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sipsurv::sip {

// Cuts SIP messages out of a TCP/TLS byte stream by Content-Length (RFC 3261
// §18.3). CRLF keep-alives between messages (RFC 5626 §4.4.1) are skipped.
// Pure: bytes in, messages out; no sockets.
class StreamFramer
{
public:
  explicit StreamFramer(std::size_t max_message = limits::k_max_sip_response) : m_max(max_message) {}

  // Append received bytes. Errc::limit when the message in progress grows
  // over the limit; Errc::protocol when its Content-Length is unusable. After
  // an error the framer stays failed.
  Result<void> feed(std::string_view bytes);

  // The next complete message, if one is buffered.
  std::optional<std::string> next();

  std::size_t buffered() const { return m_buffer.size(); }

private:
  Result<void> check();

  std::string m_buffer;
  std::size_t m_max;
  std::optional<Error> m_failed;
};

// A UDP datagram must hold the whole body its Content-Length declares; one
// that declares more is discarded (RFC 3261 §18.3). Errc::protocol then, or
// when Content-Length is unusable; a datagram without it is taken as is.
Result<void> check_datagram_length(std::string_view datagram);

} // namespace sipsurv::sip
