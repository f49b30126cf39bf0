#pragma once

#include "cli/args.hpp"
#include "core/dns/server_address.hpp"
#include "core/dns/site_dns.hpp"
#include "core/settings/phone_settings.hpp"
#include "core/util/error.hpp"

#include <vector>

namespace sipsurv::cli {

// Validate the phone settings as typed and build the core's PhoneSettings.
// `domain` is the DOMAIN argument (it wins over --sip-gateway). Errors are
// Errc::usage with a one-line message naming the option and what is allowed.
Result<PhoneSettings> to_phone_settings(const PhoneArgs& args, const std::string& domain);

// The settings and the DNS plan they imply, for the commands that resolve
// the site (resolve, simulate, status, watch). Errc::usage as above.
struct PhonePlan {
  PhoneSettings settings;
  dns::ResolvePlan plan;
};
Result<PhonePlan> to_phone_plan(const PhoneArgs& args, const std::string& domain);

// The --dns values as server addresses.
Result<std::vector<dns::ServerAddress>> to_dns_servers(const std::vector<std::string>& values);

// "--transport tls", "--response-timer 3700": each setting that differs from
// the phone's defaults, for report headers.
std::vector<std::string> non_default_settings(const PhoneSettings& s);

} // namespace sipsurv::cli
