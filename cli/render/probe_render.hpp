#pragma once

#include "cli/render/common.hpp"
#include "core/dns/site_dns.hpp"
#include "core/probe/probe_types.hpp"

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::cli {

// Everything a probe report shows.
struct ProbeReport {
  const dns::SiteDns* site = nullptr; // set when DOMAIN was resolved
  std::string transport;              // "tls", "all", …
  long long timeout_ms = 0;
  std::size_t parallel = 0;
  std::vector<probe::ProbeResult> results;
  std::vector<report::Finding> findings; // DNS findings first, then probe findings
};

// "3 of 4 probes answered 2xx; 1 timeout": the first line of the report.
std::string probe_headline(const ProbeReport& report);

// Text: headline, one row per probe in resolve order (target, port, address,
// transport, state, status and reason, ms), then details and findings.
// Every string from the network is escaped.
std::string render_probe_text(const ProbeReport& report, const TextStyle& style);

// JSON (stable key order; durations in ms; times RFC 3339 UTC):
//   schema "sipsurv/1", tool {name, version}, command "probe",
//   domain (string, or null for targets and a SIP server without domain), transport, timeout_ms, parallel,
//   summary {probes, ok, answered, failed, not_probed, headline},
//   dns (the resolve object, only for DOMAIN),
//   probes [ {
//     target, port, address, transport, role, priority (null), weight (null),
//     state: ok|sip-error|unavailable|refused|timeout|provisional-only|tls-failed|cert-invalid|dns-failed|
//            protocol-error|too-large|network-error|unsafe-destination|not-probed,
//     status (null), reason (null), error (null), phase (dns|connect|tls|sip|done|queued),
//     request_uri, max_forwards, resolved [addresses looked up by probe],
//     retransmissions (UDP), unmatched (UDP datagrams ignored: not answers to the request),
//     provisional (last 1xx or null),
//     timings_ms {dns, connect, tls, sip, total} (null when the phase did not run),
//     response (null) {status, reason, server, user_agent, allow, supported, via [],
//       warning [], retry_after (seconds or null), contact, size, headers [raw lines]},
//     tls (null) {sni, protocol (null: no completed handshake), cipher (null), verified, verify_error, domain,
//       domain_match {source: uri-san|dns-san|common-name|none, name, wildcard_only},
//       target, target_match, cert_requested, client_cert_sent, client_cert_missing,
//       days_left, chain [ {subject, issuer, common_name, dns_sans [], uri_sans [],
//       ip_sans [], sans_truncated, not_before, not_after, self_signed} ], chain_truncated}
//   } ],
//   findings [ {id, severity, message, evidence, hint} ]
std::string render_probe_json(const ProbeReport& report);
// The same text handed to `sink` in pieces of about 64 KiB as it is written,
// so that a large report is never held whole (render_probe_json() joins them).
void write_probe_json(const ProbeReport& report, const std::function<void(std::string_view)>& sink);

} // namespace sipsurv::cli
