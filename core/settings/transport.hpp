#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sipsurv {

enum class Transport { udp, tcp, tls };

// "udp", "tcp", "tls".
std::string_view to_string(Transport t);
std::optional<Transport> parse_transport(std::string_view text);

// The port a SIP element listens on when none is given (RFC 3261 §19.1.2).
constexpr std::uint16_t
default_sip_port(Transport t)
{
  return t == Transport::tls ? 5061 : 5060;
}

} // namespace sipsurv
