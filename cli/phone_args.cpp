#include "cli/phone_args.hpp"

namespace sipsurv::cli {

Result<PhonePlan>
to_phone_plan(const PhoneSettings& settings, const std::string& domain)
{
  PhonePlan out{settings, {}};
  if (!domain.empty()) {
    auto valid = dns::validate_domain(domain);
    if (!valid) {
      return std::unexpected(valid.error());
    }
    out.settings.sip_gateway = *valid;
  }
  auto plan = dns::make_plan(out.settings);
  if (!plan) {
    return std::unexpected(plan.error());
  }
  out.plan = std::move(*plan);
  return out;
}

std::vector<dns::ServerAddress>
dns_servers_of(const PhoneSettings& settings)
{
  std::vector<dns::ServerAddress> out;
  for (const auto& text : settings.dns_servers) {
    if (auto s = dns::parse_server_address(text)) { // checked by the settings table when set
      out.push_back(*s);
    }
  }
  return out;
}

} // namespace sipsurv::cli
