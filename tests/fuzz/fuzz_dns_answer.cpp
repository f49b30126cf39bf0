// Fuzz target: the DNS answer walker (core/dns/answer_walker), which reads raw
// bytes from any DNS server the technician points sipsurv at.
#include "core/dns/answer_walker.hpp"
#include "core/util/limits.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <variant>

using namespace sipsurv;

namespace {

// Each kept record carries the data its type promises: site resolution
// relies on it (std::get on the variant).
bool
data_matches_type(const dns::Record& r)
{
  switch (r.type) {
  case dns::rr::a:
  case dns::rr::aaaa:
    return std::holds_alternative<dns::AddressData>(r.data);
  case dns::rr::cname:
    return std::holds_alternative<dns::CnameData>(r.data);
  case dns::rr::srv:
    return std::holds_alternative<dns::SrvData>(r.data);
  case dns::rr::naptr:
    return std::holds_alternative<dns::NaptrData>(r.data);
  default:
    return std::holds_alternative<std::monostate>(r.data);
  }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const auto result = dns::walk_answer({data, size});
  if (!result) {
    SIPSURV_FUZZ_CHECK(fuzz::is_one_line_message(result.error()));
    SIPSURV_FUZZ_CHECK(result.error().code == Errc::protocol || result.error().code == Errc::limit);
    SIPSURV_FUZZ_CHECK(result.error().code != Errc::limit || size > limits::k_max_dns_message);
    return 0;
  }
  SIPSURV_FUZZ_CHECK(size <= limits::k_max_dns_message);
  SIPSURV_FUZZ_CHECK(result->answers.size() <= limits::k_max_records_per_answer);
  SIPSURV_FUZZ_CHECK(result->rcode <= 15);
  for (const auto& r : result->answers) {
    SIPSURV_FUZZ_CHECK(data_matches_type(r));
    SIPSURV_FUZZ_CHECK(r.ttl <= 0x7FFFFFFFU); // RFC 2181 §8
    SIPSURV_FUZZ_CHECK(!dns::type_name(r.type).empty());
    SIPSURV_FUZZ_CHECK(dns::same_name(r.name, dns::normalize_name(r.name)));
  }
  return 0;
}
