#pragma once

#include "core/settings/transport.hpp"
#include "core/util/error.hpp"

#include <cstdint>
#include <string>

namespace sipsurv::sip {

// What goes into one request: the OPTIONS probe, or the registrar check's
// REGISTER (the same builder, so both carry the same Via, tags and limits).
// The transaction identifiers are inputs so that tests can fix them;
// new_branch()/new_token() make fresh ones.
struct OptionsParams {
  std::string method = "OPTIONS"; // "OPTIONS" or "REGISTER" (a token; sofia-sip checks it)
  std::string request_uri;        // "sip:example.com", "sips:[::1]:5062"
  std::string to_uri;             // empty = the request-URI
  std::string from_uri;           // empty = sip:sipsurv@<local host>
  // An Authorization or Proxy-Authorization header (RFC 3261 §22.2): its
  // name and value; empty = none.
  std::string auth_header;
  std::string auth_value;
  Transport transport = Transport::udp;
  std::string local_host; // sent-by of the Via: our address as the peer sees the socket
  std::uint16_t local_port = 0;
  bool local_ipv6 = false;
  unsigned max_forwards = 70;
  std::string branch; // "z9hG4bK…" (RFC 3261 §8.1.1.7 magic cookie)
  std::string call_id;
  std::string from_tag;
  std::uint32_t cseq = 1;
};

// A fresh Via branch with the RFC 3261 magic cookie: "z9hG4bK" + 24 hex digits.
std::string new_branch();

// A fresh random token (24 hex digits) for Call-ID and tags.
std::string new_token();

// Build the request with sofia-sip: request line, Via, Max-Forwards, From, To,
// Call-ID, CSeq, User-Agent: sipsurv/<version>, Accept (OPTIONS only), the
// authorization header when given, Content-Length: 0. Never a Contact: a
// REGISTER without one only asks for the bindings (RFC 3261 §10.2.3).
// Errc::usage when sofia rejects a value (e.g. a malformed request-URI).
Result<std::string> build_options(const OptionsParams& params);

} // namespace sipsurv::sip
