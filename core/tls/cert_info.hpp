#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::tls {

// What sipsurv reads from one certificate (leaf or chain member). Strings are
// as in the certificate: escape before printing.
struct CertInfo {
  std::string subject; // RFC 2253 form
  std::string issuer;
  std::string common_name;
  std::vector<std::string> dns_sans;
  std::vector<std::string> uri_sans;
  std::vector<std::string> ip_sans;
  std::chrono::sys_seconds not_before{};
  std::chrono::sys_seconds not_after{};
  bool self_signed = false; // subject == issuer
  // The certificate had more than limits::k_max_cert_sans DNS/URI/IP SANs:
  // only the first ones are listed and used for the RFC 5922 identity check.
  bool sans_truncated = false;
  bool operator==(const CertInfo&) const = default; // every field: the evidence round trip compares them
};

// Which certificate field proved the SIP domain identity (RFC 5922 §7.1).
enum class IdentitySource { uri_san, dns_san, common_name, none };
std::string_view to_string(IdentitySource s);

struct IdentityMatch {
  IdentitySource source = IdentitySource::none;
  std::string matched;        // the name that matched
  bool wildcard_only = false; // only a wildcard DNS SAN would match; RFC 5922 §7.2 does not accept it
  bool operator==(const IdentityMatch&) const = default; // every field: the evidence round trip compares them
};

// RFC 5922 §7.1: the SIP domain identities of a certificate are the hosts of
// its sip: URI SANs and its DNS SANs; the Common Name only when there is no
// SAN of either kind. Matching is exact and case-insensitive, without
// wildcards (§7.2). Sources are tried in that order: URI, DNS, CN.
IdentityMatch match_sip_domain(const CertInfo& cert, std::string_view domain);

// Whole days from `now` until not_after; negative once expired.
std::int64_t days_left(const CertInfo& cert, std::chrono::sys_seconds now);

// The summary of one TLS connection that probe reports.
struct TlsSummary {
  std::string sni;              // server name sent, empty = none
  std::string protocol;         // "TLSv1.3"; empty when the handshake never completed
  std::string cipher;           // empty when the handshake never completed
  std::vector<CertInfo> chain;  // as sent by the server, leaf first, at most limits::k_max_cert_chain
  bool chain_truncated = false; // the server sent more certificates than that (OpenSSL verified them all)
  bool verified = false;        // chain verified against the trust store
  std::string verify_error;     // OpenSSL's reason when not verified
  bool system_trust = false;    // verified against the system store (no --ca-file/--ca-path)
  std::string domain;           // the SIP domain checked (RFC 5922)
  IdentityMatch domain_match;
  std::string target; // the SRV target / host checked with X509_check_host
  bool target_match = false;
  bool cert_requested = false; // the server sent a CertificateRequest
  bool client_cert_sent = false;
  // The server asked for a client certificate, none was configured, and the
  // handshake failed with certificate_required / handshake_failure /
  // bad_certificate, or (TLS 1.3) the connection broke at the first I/O after it.
  bool client_cert_missing = false;
  std::optional<std::int64_t> days_left;
  bool operator==(const TlsSummary&) const = default; // every field: the evidence round trip compares them
};

} // namespace sipsurv::tls
