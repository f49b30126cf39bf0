#include "cli/commands/dns_source.hpp"

#include "cli/file_read.hpp"
#include "cli/phone_args.hpp"
#include "core/dns/cares_resolver.hpp"
#include "core/dns/zone_file.hpp"
#include "core/util/limits.hpp"

namespace sipsurv::cli {

DeclaredOption
dns_file_option(std::string& target)
{
  return {with_path(option_doc("--dns-file", "ZONE",
                               "Read DNS from this zone file (SRV, A, AAAA, NAPTR, CNAME; $ORIGIN, $TTL) instead of "
                               "asking a DNS server"),
                    OptionDoc::Path::existing_file),
          assign_text(target)};
}

Result<std::unique_ptr<dns::Resolver>>
make_resolver(const PhoneSettings& settings, const std::string& dns_file, std::chrono::milliseconds timeout)
{
  if (!dns_file.empty()) {
    auto text = read_bounded(dns_file, limits::k_max_zone_file, "--dns-file");
    if (!text) {
      return std::unexpected(text.error());
    }
    auto records = dns::parse_zone(*text, dns_file, "");
    if (!records) {
      return std::unexpected(records.error());
    }
    return std::make_unique<dns::ZoneResolver>(std::move(*records), dns_file);
  }
  auto resolver = dns::CaresResolver::create({dns_servers_of(settings), timeout});
  if (!resolver) {
    return std::unexpected(resolver.error());
  }
  return std::unique_ptr<dns::Resolver>(std::move(*resolver));
}

} // namespace sipsurv::cli
