#include "core/probe/probe_findings.hpp"

#include "core/net/destination.hpp"
#include "core/probe/register_findings.hpp"
#include "core/tls/trust_hint.hpp"
#include "core/util/ip_literal.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace sipsurv::probe {
namespace {

using report::make_finding;

bool
looks_like_ip(std::string_view s)
{
  return s.empty() || s.find(':') != std::string_view::npos ||
    s.find_first_not_of("0123456789.") == std::string_view::npos;
}

std::string
with_error(const ProbeResult& r)
{
  return r.error.empty() ? probe_label(r) : fmt::format("{}: {}", probe_label(r), r.error);
}

void
sip_findings(std::vector<report::Finding>& out, const ProbeResult& r)
{
  switch (r.state) {
  case ProbeState::timeout:
    out.push_back(make_finding("SIP001", fmt::format("{} did not answer OPTIONS.", r.spec.target), with_error(r)));
    break;
  case ProbeState::provisional_only:
    out.push_back(
      make_finding("SIP008",
                   fmt::format("{} answered OPTIONS only with a provisional {}, never with a final response.",
                               r.spec.target, r.provisional.value_or(100)),
                   with_error(r)));
    break;
  case ProbeState::refused:
    out.push_back(make_finding("SIP002",
                               fmt::format("{} refused the connection: nothing listens on {} port {}.", r.spec.target,
                                           to_string(r.spec.transport), r.spec.port),
                               with_error(r)));
    break;
  case ProbeState::unavailable: {
    const std::string retry = r.response && r.response->retry_after
      ? fmt::format(" with Retry-After {} s", *r.response->retry_after)
      : std::string(" without Retry-After");
    out.push_back(make_finding("SIP003", fmt::format("{} answered 503 Service Unavailable{}.", r.spec.target, retry),
                               fmt::format("{}: {} {}", probe_label(r), r.response ? r.response->status : 503,
                                           r.response ? r.response->reason : "")));
    break;
  }
  case ProbeState::sip_error:
    out.push_back(make_finding(
      "SIP004", fmt::format("{} answered OPTIONS with {}.", r.spec.target, r.response ? r.response->status : 0),
      fmt::format("{}: {} {}", probe_label(r), r.response ? r.response->status : 0,
                  r.response ? r.response->reason : "")));
    break;
  case ProbeState::protocol_error:
  case ProbeState::too_large:
    out.push_back(make_finding(
      "SIP005", fmt::format("{} sent an answer that is not a usable SIP response.", r.spec.target), with_error(r)));
    break;
  case ProbeState::dns_failed:
  case ProbeState::network_error:
    out.push_back(make_finding("SIP006", fmt::format("{} could not be probed.", r.spec.target), with_error(r)));
    break;
  case ProbeState::ok:
  case ProbeState::tls_failed:
  case ProbeState::cert_invalid:
  case ProbeState::unsafe_destination: // unsafe_findings
  case ProbeState::not_probed:         // nothing is known of the server; the headline counts it apart
    break;
  }
}

// What pointed the probe at `address`: the SRV record for a port 0, the
// A/AAAA record of a name, or the target as given.
std::string
record_of(const ProbeResult& r, const std::string& address)
{
  if (r.spec.port == 0 && r.spec.priority) {
    return fmt::format("SRV {} {} 0 {}", *r.spec.priority, r.spec.weight.value_or(0), r.spec.target);
  }
  if (!is_ip_literal(r.spec.target)) {
    return fmt::format("{} {} {}", r.spec.target, address.find(':') != std::string::npos ? "AAAA" : "A", address);
  }
  return fmt::format("the target {} as given", r.spec.target);
}

// SIP007: every address a probe was pointed at and did not send to, with
// the record that pointed there.
void
unsafe_findings(std::vector<report::Finding>& out, const ProbeResult& r)
{
  std::vector<std::string> addresses = r.resolved;
  if (addresses.empty() && !r.address.empty()) {
    addresses.push_back(r.address);
  }
  for (const auto& a : addresses) {
    if (const auto why = net::unsafe_destination(a, r.spec.port)) {
      out.push_back(make_finding(
        "SIP007",
        fmt::format("{} points at {} port {} ({}); sipsurv sent nothing there.", r.spec.target, a, r.spec.port, *why),
        fmt::format("{}: {}", probe_label(r), record_of(r, a))));
    }
  }
}

void
tls_findings(std::vector<report::Finding>& out, const ProbeResult& r, std::chrono::days cert_warn)
{
  if (r.spec.transport != Transport::tls) {
    return;
  }
  const auto& t = r.tls;
  if (r.state == ProbeState::tls_failed) {
    if (t && t->client_cert_missing) {
      out.push_back(
        make_finding("TLS006", fmt::format("{} requires a client certificate.", r.spec.target), with_error(r)));
    } else if (r.error.find("unsupported protocol") != std::string::npos ||
               r.error.find("protocol version") != std::string::npos) {
      // OpenSSL 3 refuses TLS below 1.2 at its default security level, so an
      // old-only server fails the handshake with one of these reasons.
      out.push_back(
        make_finding("TLS007", fmt::format("{} offers no TLS version sipsurv accepts (below TLS 1.2?).", r.spec.target),
                     with_error(r)));
    } else {
      out.push_back(
        make_finding("TLS008", fmt::format("The TLS handshake with {} failed.", r.spec.target), with_error(r)));
    }
  }
  if (!t || t->chain.empty()) {
    return;
  }
  const std::string label = probe_label(r);
  if (!t->verified) {
    out.push_back(make_finding("TLS001", fmt::format("The certificate of {} does not verify.", r.spec.target),
                               tls::with_trust_hint(fmt::format("{}: {}", label, t->verify_error), *t)));
  }
  // Without a SIP domain (a bare IP target), there is no domain identity to check.
  if (t->domain_match.source == tls::IdentitySource::none && !looks_like_ip(t->domain)) {
    if (t->target_match) {
      out.push_back(
        make_finding("TLS003",
                     fmt::format("The certificate of {} covers the server name but not the SIP domain {}.",
                                 r.spec.target, t->domain),
                     fmt::format("{}: domain {} not in the certificate; target {} is", label, t->domain, t->target)));
    } else {
      out.push_back(make_finding(
        "TLS002",
        fmt::format("The certificate of {} does not cover the SIP domain {} (RFC 5922).", r.spec.target, t->domain),
        fmt::format("{}: neither {} nor {} is in the certificate{}", label, t->domain, t->target,
                    t->domain_match.wildcard_only ? fmt::format(" (only the wildcard {})", t->domain_match.matched)
                                                  : std::string{})));
    }
  }
  if (t->days_left) {
    const auto& leaf = t->chain.front();
    if (*t->days_left < 0) {
      out.push_back(
        make_finding("TLS005", fmt::format("The certificate of {} has expired.", r.spec.target),
                     fmt::format("{}: not after {:%F %T} UTC, {} days ago", label, leaf.not_after, -*t->days_left)));
    } else if (*t->days_left < cert_warn.count()) {
      out.push_back(make_finding(
        "TLS004", fmt::format("The certificate of {} expires in {} days.", r.spec.target, *t->days_left),
        fmt::format("{}: not after {:%F %T} UTC (warning under {} days)", label, leaf.not_after, cert_warn.count())));
    }
  }
  if (t->protocol == "TLSv1" || t->protocol == "TLSv1.1" || t->protocol == "SSLv3") {
    out.push_back(
      make_finding("TLS007", fmt::format("{} negotiated the outdated {}.", r.spec.target, t->protocol), label));
  }
}

} // namespace

std::string
probe_label(const ProbeResult& r)
{
  const bool v6 = r.spec.target.find(':') != std::string::npos;
  const std::string host = v6 ? fmt::format("[{}]", r.spec.target) : r.spec.target;
  const std::string addr =
    r.address.empty() || r.address == r.spec.target ? std::string{} : fmt::format(" ({})", r.address);
  return fmt::format("{}:{}/{}{}", host, r.spec.port, to_string(r.spec.transport), addr);
}

std::vector<report::Finding>
derive_probe_findings(std::span<const ProbeResult> results, std::chrono::days cert_warn)
{
  std::vector<report::Finding> out;
  for (const auto& r : results) {
    sip_findings(out, r);
    register_findings(out, r);
    unsafe_findings(out, r);
    tls_findings(out, r, cert_warn);
  }
  return out;
}

} // namespace sipsurv::probe
