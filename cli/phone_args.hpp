#pragma once

#include "core/dns/server_address.hpp"
#include "core/dns/site_dns.hpp"
#include "core/settings/phone_settings.hpp"
#include "core/util/error.hpp"

#include <string>
#include <vector>

namespace sipsurv::cli {

// The settings with DOMAIN applied (it wins over --sip-gateway) and the DNS
// plan they imply, for the commands that resolve the site. Errc::usage
// with a one-line message naming what is wrong.
struct PhonePlan {
  PhoneSettings settings;
  dns::ResolvePlan plan;
};
Result<PhonePlan> to_phone_plan(const PhoneSettings& settings, const std::string& domain);

// The phone's --dns values (checked when they were set) as server addresses.
std::vector<dns::ServerAddress> dns_servers_of(const PhoneSettings& settings);

} // namespace sipsurv::cli
