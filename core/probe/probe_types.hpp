#pragma once

#include "core/dns/cares_channel.hpp"
#include "core/net/clock.hpp"
#include "core/settings/transport.hpp"
#include "core/sip/response_parser.hpp"
#include "core/tls/cert_info.hpp"
#include "core/tls/tls_client.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::probe {

// Which server name goes into the TLS SNI extension.
enum class SniChoice { domain, target, none };
std::string_view to_string(SniChoice s);

// One OPTIONS probe: where, how and in which role.
struct ProbeSpec {
  std::string target; // host name or IP literal (SRV target, or as given)
  std::uint16_t port = 0;
  std::string address; // IP to connect to; empty = look up `target` (A, then AAAA) in the loop
  Transport transport = Transport::udp;
  std::string sip_domain; // RFC 5922 identity and default request-URI host; empty = target
  SniChoice sni = SniChoice::domain;
  std::string request_uri; // empty = sip:/sips: + sip_domain (or target)
  unsigned max_forwards = 70;
  std::string role = "server";           // "server", "backup", "proxy-hop", "target"
  std::optional<std::uint16_t> priority; // SRV priority and weight, when from DNS
  std::optional<std::uint16_t> weight;
  std::optional<double> dns_ms; // A/AAAA lookup already done (site resolution), shown as the DNS phase
  // Set when site resolution found no address for the target: why. The
  // probe then fails with it; the name is not looked up again elsewhere.
  std::string unresolved;
  bool operator==(const ProbeSpec&) const = default; // every field: the evidence round trip compares them
};

enum class ProbeState {
  ok,                 // a 2xx final response
  sip_error,          // a final response other than 2xx and 503
  unavailable,        // 503 Service Unavailable (a failover trigger, RFC 3263 §4.3)
  refused,            // TCP RST or ICMP port unreachable
  timeout,            // no answer at all before the deadline or Timer F; never a server's 408
  provisional_only,   // a provisional answer (100 Trying …), then no final one before the deadline or Timer F
  tls_failed,         // the TLS handshake or session failed
  cert_invalid,       // the certificate chain did not verify (without --insecure)
  dns_failed,         // the target's name has no usable address
  protocol_error,     // the answer was not a SIP/2.0 response
  too_large,          // the answer exceeded limits::k_max_sip_response
  network_error,      // another local or network error (no route, …)
  unsafe_destination, // not sent: multicast, broadcast, unspecified address or port 0 (net::unsafe_destination)
  not_probed,         // never got a slot before the deadline: says nothing about the server
};
std::string_view to_string(ProbeState s);

// Where a probe is, or where it ended: queued for a slot, looking up the
// target's address, connecting, in the TLS handshake, waiting for the SIP
// answer, or done (a final answer came).
enum class ProbePhase { queued, dns, connect, tls, sip, done };
std::string_view to_string(ProbePhase p);

// Whether a SIP response came back (the SIP stack is alive).
bool answered(ProbeState s);

struct Timings {
  std::optional<double> dns_ms;                    // A/AAAA lookup: by the prober, or spec.dns_ms
  std::optional<double> connect_ms;                // TCP/TLS: connect(); UDP: none
  std::optional<double> tls_ms;                    // TLS handshake
  std::optional<double> sip_ms;                    // first request byte sent to final response
  double total_ms = 0;                             // from the probe's start to its end
  bool operator==(const Timings&) const = default; // every field: the evidence round trip compares them
};

// The registrar check (a REGISTER without Contact after the OPTIONS, RFC
// 3261 §10.2.3): what it showed of the server's registrar.
enum class RegisterState {
  ok,                   // 2xx to the REGISTER: the registrar works
  challenged,           // 401/407 and no credentials given: the registrar works
  authenticated,        // 401/407, then 2xx with the credentials
  credentials_rejected, // 401/407 again with the credentials: the registrar works, the credentials do not
  rejected,             // any other final answer (403, 404, 5xx …): the phone cannot register there
  no_answer,            // no final answer before the deadline or Timer F
  failed,               // the exchange broke (connection closed, garbage, a challenge sipsurv cannot answer …)
  not_checked,          // the OPTIONS did not succeed: no REGISTER was sent
};
std::string_view to_string(RegisterState s);

// Whether the registrar would take the phone's registration as far as the
// check can tell (ok, challenged, authenticated, credentials_rejected).
bool registrar_works(RegisterState s);

struct RegisterResult {
  RegisterState state = RegisterState::not_checked;
  std::string aor;                     // the address-of-record in To and From
  std::optional<int> status;           // the last final answer's status
  std::string reason;                  // and its reason phrase, as received
  std::optional<int> challenge_status; // 401 or 407 when a challenge came first
  std::string algorithm;               // the digest algorithm answered, when credentials were used
  std::optional<double> sip_ms;        // first REGISTER byte sent to the last final answer
  std::string error; // one line (unescaped) for no_answer and failed, or why a challenge was not answered
  bool operator==(const RegisterResult&) const = default;
};

// The registrar check's settings. The password is only held here, to
// answer a challenge; nothing in core writes it anywhere.
struct RegisterCheck {
  bool enabled = false;
  std::string user;     // --auth-user; empty = no credentials (a challenge counts as "works")
  std::string password; // from --auth-password-file or SIPSURV_AUTH_PASSWORD
  // The client nonce of a digest answer: random in the product
  // (sip::new_token), fixed in tests. Empty = sip::new_token.
  std::function<std::string()> cnonce;
};

struct ProbeResult {
  ProbeSpec spec;
  ProbeState state = ProbeState::timeout;
  std::string address;                   // the address probed (empty if none)
  std::vector<std::string> resolved;     // every address found when the prober looked the target up
  std::string request_uri;               // as sent
  ProbePhase phase = ProbePhase::queued; // where it ended
  Timings timings;
  unsigned retransmissions = 0;             // UDP Timer E retransmissions
  unsigned unmatched = 0;                   // UDP datagrams ignored: not an answer to this request
  std::optional<int> provisional;           // last 1xx seen before the final answer
  std::optional<sip::SipResponse> response; // the final response, with all raw header lines
  std::optional<tls::TlsSummary> tls;
  std::string error;                       // one line (unescaped) when state is not ok/sip_error/unavailable
  std::optional<RegisterResult> registrar; // set when the registrar check is on
  bool operator==(const ProbeResult&) const = default; // every field: the evidence round trip compares them
};

// Where a run stands, for a progress display (the cli draws it; core never
// prints): probes finished, in flight and not started, and the time left.
struct ProbeProgress {
  std::size_t done = 0;
  std::size_t in_flight = 0;
  std::size_t queued = 0;
  std::chrono::milliseconds left{0};
  bool finished = false; // the last call of the run: the display goes
};

// Probes in flight by default: 1024, so that a list of up to 1024 targets
// is probed all at once and its wall time is one round trip, not one per
// 64 (1000 UDP targets answering after 50 ms: 868 ms at 64, 122 ms at
// 1024). Bounded by the file descriptors the process may open (each probe
// holds one socket); a site of 2 to 6 servers is probed at once either way.
inline constexpr unsigned k_default_parallel = 1024;

struct ProbeOptions {
  std::chrono::milliseconds timeout{5000}; // --timeout: the run's budget, named in messages
  // The run's end: the command's one deadline (its DNS rounds came out of
  // it too). The prober never runs past `timeout` from its own start either.
  net::TimePoint deadline = net::TimePoint::max();
  std::size_t parallel = k_default_parallel; // probes in flight at most
  std::chrono::milliseconds t1{500};         // RFC 3261 T1
  std::chrono::milliseconds t2{4000};        // RFC 3261 T2
  tls::TlsConfig tls;
  bool insecure = false;          // a certificate that does not verify is a finding, not a failure
  dns::CaresOptions dns;          // for specs without an address
  RegisterCheck registrar;        // REGISTER after a successful OPTIONS (server and backup roles)
  std::chrono::sys_seconds now{}; // wall time for certificate days left
  // Called after every turn of the event loop while probes run (often: the
  // receiver throttles); empty = no progress wanted.
  std::function<void(const ProbeProgress&)> on_progress;
};

} // namespace sipsurv::probe
