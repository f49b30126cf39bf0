// Fuzz target: DNS server addresses (--dns ADDR[:PORT]) and domain names
// (DOMAIN, --sip-gateway), as typed by a user or read from a phone file.
#include "core/dns/server_address.hpp"
#include "core/util/limits.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace sipsurv;

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (const auto server = dns::parse_server_address(text)) {
    // What we print and hand to c-ares must parse back to the same server.
    const auto again = dns::parse_server_address(server->to_string());
    SIPSURV_FUZZ_CHECK(again.has_value());
    SIPSURV_FUZZ_CHECK(again->address == server->address && again->port == server->port && again->ipv6 == server->ipv6);
    SIPSURV_FUZZ_CHECK(server->port != 0);
  } else {
    SIPSURV_FUZZ_CHECK(server.error().code == Errc::usage);
    SIPSURV_FUZZ_CHECK(fuzz::is_one_line_message(server.error()));
  }

  if (const auto domain = dns::validate_domain(text)) {
    SIPSURV_FUZZ_CHECK(!domain->empty() && domain->size() <= limits::k_max_domain_length);
    SIPSURV_FUZZ_CHECK(domain->back() != '.');
    const auto again = dns::validate_domain(*domain); // idempotent
    SIPSURV_FUZZ_CHECK(again.has_value() && *again == *domain);
  } else {
    SIPSURV_FUZZ_CHECK(domain.error().code == Errc::usage);
    SIPSURV_FUZZ_CHECK(fuzz::is_one_line_message(domain.error()));
  }
  return 0;
}
