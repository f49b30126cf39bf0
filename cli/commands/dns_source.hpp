#pragma once

#include "cli/declared_option.hpp"
#include "core/dns/resolver.hpp"
#include "core/settings/phone_settings.hpp"
#include "core/util/error.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace sipsurv::cli {

// --dns-file ZONE: DNS from a zone file instead of a DNS server (offline
// DNS; the commands that probe still probe the servers live).
DeclaredOption dns_file_option(std::string& target);

// The resolver a command asks: the zone file when one is given, else the
// phone's --dns servers (or the system resolver) with `timeout`. Errors:
// Errc::usage for a bad file, others when the resolver cannot start.
Result<std::unique_ptr<dns::Resolver>> make_resolver(const PhoneSettings& settings, const std::string& dns_file,
                                                     std::chrono::milliseconds timeout);

} // namespace sipsurv::cli
