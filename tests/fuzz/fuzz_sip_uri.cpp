// Fuzz target: probe targets as typed or read from --targets files
// (core/sip/sip_uri): host[:port], [v6]:port, sip:/sips: URIs.
#include "core/sip/sip_uri.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace sipsurv;

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto t = sip::parse_target(text);
  if (!t) {
    SIPSURV_FUZZ_CHECK(t.error().code == Errc::usage);
    SIPSURV_FUZZ_CHECK(fuzz::is_one_line_message(t.error()));
    return 0;
  }
  SIPSURV_FUZZ_CHECK(!t->host.empty());
  SIPSURV_FUZZ_CHECK(!t->ipv6 || t->ip_literal);
  // What sipsurv prints for the target parses back to the same host and port.
  const auto again = sip::parse_target(t->host_port());
  SIPSURV_FUZZ_CHECK(again.has_value());
  SIPSURV_FUZZ_CHECK(again->host == t->host && again->port == t->port && again->ipv6 == t->ipv6);
  const auto uri = sip::make_request_uri(t->host, t->port, t->transport.value_or(Transport::udp), t->ipv6);
  SIPSURV_FUZZ_CHECK(uri.starts_with("sip:") || uri.starts_with("sips:"));
  return 0;
}
