#pragma once

#include "core/settings/transport.hpp"
#include "core/util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipsurv::sip {

// A probe target as typed: "host", "host:port", "[v6]:port", or a SIP URI
// "sip:[user@]host[:port][;transport=tcp]" / "sips:…". Only what probing needs
// is kept; other URI parameters and headers are ignored.
struct TargetUri {
  std::string host;                   // name or IP literal, without brackets
  std::uint16_t port = 0;             // 0 = not given
  std::optional<Transport> transport; // from sips: or ;transport=
  std::string user;                   // user part of a URI, if any
  bool is_uri = false;                // given as sip:/sips:
  bool secure = false;                // sips:
  bool ip_literal = false;
  bool ipv6 = false;

  // "example.com", "[::1]:5061": the host with the port when one was given.
  std::string host_port() const;
};

// Parse a target; Errc::usage with a message naming what was wrong and what
// is allowed. Host names are checked as DNS names, IP literals with inet_pton.
Result<TargetUri> parse_target(std::string_view text);

// "sip:host" or "sips:host" with the port only when it is not the default for
// the transport, brackets around IPv6 literals: the request-URI of an OPTIONS.
std::string make_request_uri(std::string_view host, std::uint16_t port, Transport transport, bool ipv6);

} // namespace sipsurv::sip
