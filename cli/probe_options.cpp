#include "cli/probe_options.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cstdlib>

namespace sipsurv::cli {

probe::SniChoice
to_sni(const std::string& s)
{
  return s == "target" ? probe::SniChoice::target : s == "none" ? probe::SniChoice::none : probe::SniChoice::domain;
}

probe::ProbeOptions
to_probe_options(const ProbingArgs& a, const std::vector<dns::ServerAddress>& dns_servers, std::chrono::sys_seconds now)
{
  probe::ProbeOptions o;
  o.timeout = std::chrono::milliseconds(static_cast<long long>(a.timeout_s * 1000.0));
  o.parallel = a.parallel;
  o.insecure = a.insecure;
  o.dns = {dns_servers, o.timeout};
  o.tls.ca_file = a.ca_file;
  o.tls.ca_path = a.ca_path;
  o.tls.cert_file = a.cert;
  o.tls.key_file = a.key;
  // The same variable as browsers and curl: a capture can then be decrypted.
  if (const char* keylog = std::getenv("SSLKEYLOGFILE"); keylog != nullptr && *keylog != '\0') {
    o.tls.keylog_file = keylog;
  }
  o.now = now;
  return o;
}

std::string
rfc3339_utc(std::chrono::system_clock::time_point t)
{
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

} // namespace sipsurv::cli
