// Fuzz target: zone files for offline runs (core/dns/zone_file: parse_zone
// and ZoneResolver), which a customer may hand over; the records then go
// through site resolution as simulate does.
#include "core/dns/site_dns.hpp"
#include "core/dns/zone_file.hpp"
#include "core/util/limits.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace sipsurv;

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto records = dns::parse_zone(text, "fuzz.zone", "example.test.");
  if (!records) {
    SIPSURV_FUZZ_CHECK(records.error().code == Errc::usage);
    SIPSURV_FUZZ_CHECK(fuzz::is_one_line_message(records.error()));
    return 0;
  }
  SIPSURV_FUZZ_CHECK(records->size() <= dns::k_max_zone_records);
  PhoneSettings settings;
  settings.sip_gateway = "example.test";
  dns::ZoneResolver resolver(std::move(*records), "fuzz.zone");
  const auto plan = dns::make_plan(settings);
  SIPSURV_FUZZ_CHECK(plan.has_value());
  const dns::SiteDns site = dns::resolve_site(settings, *plan, resolver, 1, net::TimePoint::max());
  for (const auto& h : site.hosts) {
    SIPSURV_FUZZ_CHECK(h.cname_chain.size() <= limits::k_max_cname_chain);
  }
  for (std::size_t i = 1; i < site.servers.size(); ++i) {
    SIPSURV_FUZZ_CHECK(site.servers[i - 1].priority <= site.servers[i].priority);
  }
  return 0;
}
