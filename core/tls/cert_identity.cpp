#include "core/tls/cert_info.hpp"

#include <algorithm>
#include <cctype>

namespace sipsurv::tls {
namespace {

std::string
lower(std::string_view s)
{
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!out.empty() && out.back() == '.') {
    out.pop_back();
  }
  return out;
}

// The host of "sip:host", "sip:host:port" or "sip:host;params"; empty for
// other schemes and for URIs with a user part (not a domain identity).
std::string
sip_uri_host(std::string_view uri)
{
  const std::string low = lower(uri);
  if (!low.starts_with("sip:")) {
    return {};
  }
  std::string_view rest = std::string_view(low).substr(4);
  if (rest.find('@') != std::string_view::npos) {
    return {};
  }
  rest = rest.substr(0, rest.find_first_of(";?"));
  if (!rest.empty() && rest.front() == '[') {
    return std::string(rest.substr(0, rest.find(']') + 1));
  }
  return std::string(rest.substr(0, rest.find(':')));
}

bool
wildcard_matches(std::string_view pattern, std::string_view name)
{
  if (!pattern.starts_with("*.")) {
    return false;
  }
  const auto dot = name.find('.');
  return dot != std::string_view::npos && name.substr(dot) == pattern.substr(1);
}

} // namespace

std::string_view
to_string(IdentitySource s)
{
  switch (s) {
  case IdentitySource::uri_san:
    return "uri-san";
  case IdentitySource::dns_san:
    return "dns-san";
  case IdentitySource::common_name:
    return "common-name";
  case IdentitySource::none:
    break;
  }
  return "none";
}

IdentityMatch
match_sip_domain(const CertInfo& cert, std::string_view domain)
{
  IdentityMatch m;
  const std::string want = lower(domain);
  if (want.empty()) {
    return m;
  }
  for (const auto& uri : cert.uri_sans) {
    if (sip_uri_host(uri) == want) {
      return {IdentitySource::uri_san, uri, false};
    }
  }
  for (const auto& dns : cert.dns_sans) {
    if (lower(dns) == want) {
      return {IdentitySource::dns_san, dns, false};
    }
    if (wildcard_matches(lower(dns), want)) {
      m.wildcard_only = true;
      m.matched = dns;
    }
  }
  if (cert.uri_sans.empty() && cert.dns_sans.empty() && !cert.common_name.empty() && lower(cert.common_name) == want) {
    return {IdentitySource::common_name, cert.common_name, false};
  }
  return m;
}

std::int64_t
days_left(const CertInfo& cert, std::chrono::sys_seconds now)
{
  const auto left = cert.not_after - now;
  return std::chrono::floor<std::chrono::days>(left).count();
}

} // namespace sipsurv::tls
