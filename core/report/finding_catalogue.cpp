#include "core/report/finding.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace sipsurv::report {
namespace {

using enum Severity;

// Keep sorted by ID. Severity is the default; the hint is shown with every
// occurrence. Meanings are one sentence each, written for the man page.
constexpr std::array k_catalogue{
  FindingInfo{"DNS001", critical, "The SRV name for the phone's transport does not exist or has no records.",
              "Publish SRV records under the name for the configured transport (_sips._tcp for TLS, _sip._tcp "
              "for TCP, _sip._udp for UDP), or change the phone's transport."},
  FindingInfo{"DNS002", warning,
              "An SRV target is an alias (CNAME); RFC 2782 requires the target to have its own "
              "A/AAAA records.",
              "Point the SRV record at the canonical host name, not at an alias."},
  FindingInfo{"DNS003", critical, "An SRV target has no A or AAAA record, so the phone cannot reach it.",
              "Add A/AAAA records for the target, or remove the SRV record."},
  FindingInfo{"DNS004", warning, "All SRV targets resolve to the same address: the redundancy is fake.",
              "Point the lower-priority SRV records at servers on other addresses."},
  FindingInfo{"DNS005", warning, "The phone's SRV list has a single target: there is nothing to fail over to.",
              "Publish a second SRV target (another priority for failover, or the same priority for load "
              "sharing)."},
  FindingInfo{"DNS006", warning, "The SRV TTL is long: phones learn of a change in the server list late.",
              "Lower the SRV TTL (300 to 3600 seconds is common) before planned changes."},
  FindingInfo{"DNS007", info, "The SRV TTL is very short: phones query DNS very often.",
              "Raise the SRV TTL to at least 60 seconds unless the list changes that often."},
  FindingInfo{"DNS008", info, "The SIP server port is not 0, so the phone ignores DNS SRV and uses one address.",
              "Set the SIP server port to 0 to use the SRV server list and its failover."},
  FindingInfo{"DNS009", info,
              "The non-standard _sip._tls SRV name is published; phones following RFC 3263 do not "
              "use it.",
              "Publish _sips._tcp for SIP over TLS; keep _sip._tls only for old clients."},
  FindingInfo{"DNS010", info,
              "The NAPTR records do not offer the phone's transport, or point elsewhere than the "
              "standard SRV name.",
              "Add a NAPTR record for the transport (SIPS+D2T, SIP+D2T, SIP+D2U) pointing at its SRV name, or "
              "remove the NAPTR records."},
  FindingInfo{"DNS011", critical, "The SIP domain does not exist in DNS (NXDOMAIN).",
              "Check the spelling of the SIP gateway domain and the DNS server the phone uses."},
  FindingInfo{"DNS012", critical, "The DNS server failed to answer (SERVFAIL, REFUSED or no answer).",
              "Check that the phone's DNS server serves or can resolve the SIP domain."},
  FindingInfo{"DNS013", critical,
              "The SRV record's target is \".\": the service is decidedly not available "
              "(RFC 2782).",
              "Publish real SRV targets for the service, or remove the \".\" record."},
  FindingInfo{"DNS014", warning, "A DNS answer was malformed, truncated or over a limit; part of it was ignored.",
              "Check the DNS server and the zone; sipsurv's limits are listed in the man page."},
  FindingInfo{"DNS015", warning,
              "A priority group mixes weight 0 with other weights: the weight-0 targets get "
              "almost no traffic.",
              "Give every target of a priority group a non-zero weight, or move weight-0 targets to their own "
              "priority."},
  FindingInfo{"DNS016", warning,
              "One of the phone's DNS servers did not answer, or answered with an error, while another one "
              "answered: phones that ask it first resolve late, and phones left with it alone cannot resolve.",
              "Repair that DNS server, or take it out of the phones' Primary/Secondary DNS settings."},
  FindingInfo{"DNS017", warning,
              "The phone's DNS servers give different answers for the phone's SRV name: which servers a phone "
              "uses depends on which DNS server it asked.",
              "Make the secondary serve the same zone as the primary (a zone transfer; compare the serials)."},
  FindingInfo{"SIP001", critical,
              "A server did not answer SIP OPTIONS before the deadline (no response, not a "
              "server's 408).",
              "Check that the server runs and listens on this transport and port, and that no firewall drops "
              "the traffic."},
  FindingInfo{"SIP002", critical,
              "A server refused the connection (TCP reset or ICMP port unreachable): nothing "
              "listens there.",
              "Start the SIP service on this address, port and transport, or correct the SRV record."},
  FindingInfo{"SIP003", warning,
              "A server answered 503 Service Unavailable: phones treat it as down and fail over "
              "(RFC 3263 §4.3).",
              "Find why the server rejects requests (overload, maintenance); Retry-After says when to try again."},
  FindingInfo{"SIP004", warning, "A server answered OPTIONS with a final response other than 2xx.",
              "The SIP stack is alive; check why it rejects OPTIONS (policy, authentication, unknown domain)."},
  FindingInfo{"SIP005", critical,
              "A server sent something that is not a usable SIP/2.0 response (garbage, wrong "
              "protocol, over the size limit).",
              "Check that a SIP server, not another service, listens on this port and transport."},
  FindingInfo{"SIP006", critical,
              "A target could not be probed: its name has no address, or the network failed "
              "locally.",
              "Check the target's A/AAAA records and the local network route."},
  FindingInfo{"SIP007", critical,
              "A target points at an address or port sipsurv never sends to: multicast, broadcast, "
              "unspecified, or port 0.",
              "Correct the record named in the evidence: a server's A/AAAA record must hold its own unicast "
              "address, and its SRV record its real port."},
  FindingInfo{"SIP008", critical,
              "A server answered SIP OPTIONS only provisionally (100 Trying) and sent no final response before "
              "the deadline: the phone's transaction times out as if the server were down.",
              "The server took the request but never completed it: check what it waits for (a next hop that "
              "does not answer, a stuck worker), and its logs."},
  FindingInfo{"SIP009", critical,
              "A server answers OPTIONS but rejects a REGISTER (403, 404, 5xx or another failure): the phone "
              "cannot register with it and moves on to the next server.",
              "Check the registrar's configuration for the SIP domain (the domain served, the registrar module, "
              "the accounts); the status code and reason in the evidence say what it refused."},
  FindingInfo{"SIP010", warning,
              "A server answers OPTIONS but gave a REGISTER no usable answer before the deadline (silence, a "
              "closed connection, a challenge sipsurv cannot answer).",
              "Check that the registrar runs behind the SIP front end (a proxy may answer OPTIONS for a registrar "
              "that is down), and its logs."},
  FindingInfo{"SIP011", warning,
              "A registrar challenged REGISTER again after sipsurv answered with the credentials given "
              "(--auth-user): the registrar works, the credentials do not.",
              "Check the user and password given to sipsurv (and the realm), or the account on the registrar."},
  FindingInfo{"SIM001", warning,
              "The call transaction response timer is above the value recommended for OpenScape "
              "Voice: calls to a dead server wait long before the phone fails over.",
              "Set the call transaction response timer to 3700 ms (System > SIP interface)."},
  FindingInfo{"SIM002", warning,
              "The non-INVITE transaction timer is above the value recommended for OpenScape "
              "Voice: a REGISTER to a dead server waits long before the phone fails over.",
              "Set the non-call transaction timer to 6000 ms (System > SIP interface)."},
  FindingInfo{"SIM003", warning,
              "The connectivity check is off on a TLS or TCP connection: a dead server is noticed "
              "only when a call or a registration refresh times out.",
              "Set the connectivity check timer (System > SIP interface), for example to 30 seconds."},
  FindingInfo{"SIM004", warning,
              "The phone's server list has a single server: nothing to fail over to but the "
              "backup.",
              "Publish a second SRV target, or set the SIP server port to 0 to use the SRV list."},
  FindingInfo{"SIM005", warning,
              "No backup server is configured: with all primary servers down the phone is out of "
              "service.",
              "Configure a backup proxy (System > Registration) if the site has one."},
  FindingInfo{"SIM006", warning,
              "When the server in use fails, outgoing calls can fail for a long time before the "
              "phone recovers.",
              "Lower the settings named in the evidence: connectivity check interval, response and non-INVITE "
              "timers, registration timer."},
  FindingInfo{"SIM007", info,
              "Backup registration is off: the phone sends no REGISTER to the backup, so the backup "
              "can take outgoing calls but cannot reach the phone with incoming ones.",
              "Allow backup registration (System > Registration) so incoming calls reach the phone "
              "through the backup too."},
  FindingInfo{"SIM008", warning,
              "The survivability proxy is not in the phone's server list, so the phone never "
              "registers with it.",
              "Publish the proxy as the first SRV target, or correct --survivability-proxy."},
  FindingInfo{"SIM009", warning,
              "No primary server is in the SRV list besides the survivability proxy: when the "
              "proxy is unreachable the phone cannot register directly.",
              "Publish the primary server as a lower-priority SRV target after the proxy."},
  FindingInfo{"SIM010", info,
              "The connectivity check is set but the transport is UDP, where it has no connection to "
              "test.",
              "Use TLS (or TCP) for the check to work, or set the connectivity check to 0."},
  FindingInfo{"SIM011", warning,
              "The outbound proxy flag is off on a site that relies on DNS SRV: the phone does not route its "
              "requests through the SRV list, so there is no SRV-based failover.",
              "Set Outbound proxy on (System > SIP interface): the manual lists it with the Primary DNS, SIP server "
              "port 0 and the SIP gateway address as the settings DNS SRV needs."},
  FindingInfo{"STA001", warning, "The phone would register with a lower-priority server than normal (failover).",
              "Bring the higher-priority server back, or find why it does not answer (see the probe section)."},
  FindingInfo{"STA002", critical, "No server of the SRV list answers: only the backup server carries calls.",
              "Restore at least one primary server; the backup offers limited features and no TLS."},
  FindingInfo{"STA003", critical,
              "Neither the servers of the list nor the backup answer: phones are out of "
              "service.",
              "Check the servers, the network path and DNS; see the probe section for each server's error."},
  FindingInfo{"STA004", warning, "The survivability proxy stands in for the primary server: features are limited.",
              "Restore the proxy's link to the primary server."},
  FindingInfo{"STA005", warning, "A server the phone would fail over to does not answer: redundancy is lost.",
              "Repair the fallback server before the preferred one fails too."},
  FindingInfo{"STA006", warning, "The backup server does not answer on its configured transport.",
              "Check --backup-proxy and --backup-transport against what the backup server listens on."},
  FindingInfo{"STA007", info, "The backup server is reached over UDP or TCP while the phone uses TLS.",
              "Accept the unencrypted fallback knowingly, or provide a TLS-capable fallback in the SRV list."},
  FindingInfo{"STA008", warning,
              "The simulated worst-case outage when the server in use fails is beyond the threshold "
              "(--warning or --critical, seconds).",
              "Shorten it with the settings the Simulation section says dominate it (connectivity check, "
              "timers), or raise the threshold."},
  FindingInfo{"STA009", warning,
              "A server's SIP round-trip time is beyond the threshold (--rtt-warning or --rtt-critical, ms).",
              "Find why the server or the path to it is slow; phones wait as long for every request."},
  FindingInfo{"TLS001", critical, "A server's certificate chain does not verify against the trusted CAs.",
              "Install a certificate from a CA the phones trust, with its intermediate certificates, or give "
              "the site's CA with --ca-file."},
  FindingInfo{"TLS002", critical,
              "A server's certificate does not cover the SIP domain (RFC 5922: sip: URI or "
              "DNS subjectAltName, CN only without SANs; no wildcards).",
              "Issue the certificate with the SIP domain as a DNS (or sip: URI) subjectAltName."},
  FindingInfo{"TLS003", warning,
              "A server's certificate covers the server's own name but not the SIP domain: "
              "phones that check the domain (RFC 5922) reject it.",
              "Add the SIP domain as a subjectAltName, or check which name the phones verify."},
  FindingInfo{"TLS004", warning, "A server's certificate expires soon (within --cert-warn-days).",
              "Renew the certificate before it expires."},
  FindingInfo{"TLS005", critical, "A server's certificate has expired.", "Renew the certificate now."},
  FindingInfo{"TLS006", warning, "A server requires a client certificate; without one the TLS connection fails.",
              "Give --cert and --key (the phone's certificate), or check the server's client-certificate policy."},
  FindingInfo{"TLS007", warning, "A server negotiated an outdated TLS protocol version (below TLS 1.2).",
              "Enable TLS 1.2 or 1.3 on the server and disable the old versions."},
  FindingInfo{"TLS008", critical, "The TLS handshake with a server failed.",
              "Check that the port speaks TLS and shares a protocol version and cipher with the phones; the "
              "evidence gives OpenSSL's reason."},
  FindingInfo{"TLS009", critical, "A server's certificate expires within --cert-critical-days.",
              "Renew the certificate now: phones reject it once it expires."},
};

} // namespace

std::string_view
to_string(Severity s)
{
  switch (s) {
  case Severity::info:
    return "info";
  case Severity::warning:
    return "warning";
  case Severity::critical:
    return "critical";
  }
  return "info";
}

std::span<const FindingInfo>
finding_catalogue()
{
  return k_catalogue;
}

const FindingInfo&
finding_info(std::string_view id)
{
  for (const auto& info : k_catalogue) {
    if (info.id == id) {
      return info;
    }
  }
  throw std::logic_error("unknown finding ID " + std::string(id));
}

Finding
make_finding(std::string_view id, std::string message, std::string evidence)
{
  const auto& info = finding_info(id);
  return Finding{std::string(info.id), info.severity, std::move(message), std::move(evidence), std::string(info.hint)};
}

void
mark_accepted(std::span<Finding> findings, std::span<const std::string> accepted)
{
  for (auto& f : findings) {
    f.accepted = f.accepted || std::find(accepted.begin(), accepted.end(), f.id) != accepted.end();
  }
}

} // namespace sipsurv::report
