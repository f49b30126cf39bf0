#pragma once

#include "core/util/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::sip {

// One Digest challenge of a WWW-Authenticate or Proxy-Authenticate header
// (RFC 3261 §22.4, RFC 7616 §3.3). Strings as received.
struct DigestChallenge {
  std::string realm;
  std::string nonce;
  std::string opaque;
  std::string algorithm = "MD5"; // absent means MD5 (RFC 7616 §3.3)
  std::vector<std::string> qop;  // the offered qop values; empty = RFC 2069 style
};

// The hash algorithms sipsurv answers (RFC 8760 §2.1): MD5 and SHA-256,
// each with its -sess variant.
bool supported_algorithm(std::string_view algorithm);

// Parse one header value, "Digest realm=\"…\", nonce=\"…\", …". Errc::protocol
// when it is not a Digest challenge with a realm and a nonce, or its params
// do not parse (bounded by the value's length).
Result<DigestChallenge> parse_digest_challenge(std::string_view value);

// The challenge to answer among a response's header lines ("Name: value"):
// of the headers named `header` (WWW-Authenticate for 401, Proxy-Authenticate
// for 407), the first with SHA-256, else the first with another supported
// algorithm (RFC 8760 §2.4: the strongest the client supports). Errc::protocol
// when none is usable, saying why.
Result<DigestChallenge> pick_digest_challenge(const std::vector<std::string>& header_lines, std::string_view header);

// What a response to the challenge is made of. `cnonce` comes from the
// caller (random in the product, fixed in tests); nc is 00000001.
struct DigestAnswer {
  std::string user;
  std::string password;
  std::string method; // "REGISTER"
  std::string uri;    // the request-URI, as sent
  std::string cnonce;
};

// The request-digest (RFC 7616 §3.4.1, RFC 2617 §3.2.2.1 without qop), hex.
// Errc::usage for an unsupported algorithm.
Result<std::string> digest_response(const DigestChallenge& challenge, const DigestAnswer& answer);

// The Authorization / Proxy-Authorization value: Digest username, realm,
// nonce, uri, response, algorithm, opaque and, when qop=auth is offered,
// qop=auth, nc and cnonce (auth-int is not offered: the body is empty, but
// sipsurv asks only for what every registrar takes).
Result<std::string> digest_authorization(const DigestChallenge& challenge, const DigestAnswer& answer);

} // namespace sipsurv::sip
