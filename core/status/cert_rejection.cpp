#include "core/status/cert_rejection.hpp"

#include "core/tls/trust_hint.hpp"
#include "core/util/ip_literal.hpp"

#include <fmt/format.h>

namespace sipsurv::status {

std::string
phone_rejects_certificate(const tls::TlsSummary& t, model::CertIdentity identity)
{
  if (t.chain.empty()) {
    return t.protocol.empty() ? std::string() : std::string("the server sent no certificate");
  }
  if (!t.verified) {
    return tls::with_trust_hint(fmt::format("chain not verified: {}", t.verify_error), t);
  }
  if (t.days_left && *t.days_left < 0) {
    return fmt::format("expired {} days ago", -*t.days_left);
  }
  switch (identity) {
  case model::CertIdentity::sip_domain:
    // A bare IP target has no SIP domain to check (RFC 5922 §7.2 names hosts).
    if (t.domain_match.source == tls::IdentitySource::none && !t.domain.empty() && !is_ip_literal(t.domain)) {
      return fmt::format("identity: the SIP domain {} is not in the certificate{}", t.domain,
                         t.domain_match.wildcard_only ? " (only a wildcard, which RFC 5922 does not accept)" : "");
    }
    break;
  case model::CertIdentity::srv_target:
    if (!t.target_match && !t.target.empty()) {
      return fmt::format("identity: the server name {} is not in the certificate", t.target);
    }
    break;
  }
  return {};
}

} // namespace sipsurv::status
