// Fuzz target: a registrar's Digest challenge (WWW-Authenticate or
// Proxy-Authenticate, core/sip/digest_auth), which any SIP server sipsurv
// probes may send. The input is one header value, and also the header
// lines of an answer (split at '\n') for the pick among challenges. The
// contract: errors are one line; a challenge that parses has a realm and a
// nonce; the Authorization value built from it is one header line (no CR,
// LF or NUL a hostile realm, nonce or opaque could smuggle into the
// REGISTER) and carries no password.
#include "core/sip/digest_auth.hpp"
#include "core/util/ascii.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace sipsurv;

namespace {

constexpr std::string_view k_password = "fuzz-secret-password";

bool
one_header_line(std::string_view s)
{
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void
check_answer(const sip::DigestChallenge& c)
{
  SIPSURV_FUZZ_CHECK(!c.nonce.empty()); // a quoted realm="" is legal, an empty nonce is not
  const sip::DigestAnswer answer{"alice", std::string(k_password), "REGISTER", "sip:example.test", "0a1b2c3d"};
  const auto value = sip::digest_authorization(c, answer);
  const bool offers_auth =
    c.qop.empty() || std::any_of(c.qop.begin(), c.qop.end(), [](const std::string& q) { return iequals(q, "auth"); });
  if (!value) {
    // Refused only for what sipsurv cannot answer: another hash, or qop=auth-int alone.
    SIPSURV_FUZZ_CHECK(!sip::supported_algorithm(c.algorithm) || !offers_auth);
    SIPSURV_FUZZ_CHECK(fuzz::is_one_line_message(value.error()));
    return;
  }
  SIPSURV_FUZZ_CHECK(sip::supported_algorithm(c.algorithm) && offers_auth);
  SIPSURV_FUZZ_CHECK(one_header_line(*value));
  SIPSURV_FUZZ_CHECK(value->starts_with("Digest "));
  SIPSURV_FUZZ_CHECK(value->find(k_password) == std::string::npos);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto c = sip::parse_digest_challenge(text); c) {
    check_answer(*c);
  } else {
    SIPSURV_FUZZ_CHECK(c.error().code == Errc::protocol && fuzz::is_one_line_message(c.error()));
  }
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos <= text.size() && lines.size() < 64;) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    lines.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  for (const std::string_view header : {"WWW-Authenticate", "Proxy-Authenticate"}) {
    if (const auto picked = sip::pick_digest_challenge(lines, header); picked) {
      check_answer(*picked);
      SIPSURV_FUZZ_CHECK(sip::supported_algorithm(picked->algorithm));
    } else {
      SIPSURV_FUZZ_CHECK(picked.error().code == Errc::protocol && fuzz::is_one_line_message(picked.error()));
    }
  }
  return 0;
}
