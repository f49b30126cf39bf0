#pragma once

#include "core/dns/records.hpp"
#include "core/dns/resolver.hpp"
#include "core/report/finding.hpp"
#include "core/settings/phone_settings.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sipsurv::dns {

// Which SRV owner name: the three of RFC 3263 §4.1 and the legacy _sip._tls.
enum class SrvKind { sips_tcp, sip_tcp, sip_udp, sip_tls_legacy };

struct SrvName {
  std::string name; // e.g. "_sips._tcp.example.com"
  SrvKind kind = SrvKind::sip_udp;
  std::optional<Transport> transport; // none for the legacy name
  bool used_by_phone = false;
};

// The lookups the phone's settings imply (PHONE-MODEL.md "How the phone finds
// its servers"). Pure: no DNS traffic.
struct ResolvePlan {
  std::string domain; // the SIP gateway (SRV) domain
  Transport transport = Transport::udp;
  bool use_srv = true;            // SIP server port 0
  std::vector<SrvName> srv_names; // all four, the phone's first; empty without SRV
  std::string direct_host;        // without SRV: --sip-server, else the domain
  std::uint16_t direct_port = 0;
};

// Build the plan; an error when there is neither a domain nor a SIP server.
Result<ResolvePlan> make_plan(const PhoneSettings& settings);

// The SRV owner name for a transport (RFC 3263 §4.1).
std::string srv_name_for(Transport transport, std::string_view domain);

enum class LookupStatus { found, nodata, nxdomain, server_failure, no_answer, malformed };
std::string_view to_string(LookupStatus s);

struct LookupInfo {
  LookupStatus status = LookupStatus::no_answer;
  std::string detail; // the error or rcode, for reports
  std::chrono::microseconds elapsed{0};
  std::string server; // the DNS server that answered; empty: none, or a zone file
};

struct SrvEntry {
  SrvData data;
  std::uint32_t ttl = 0;
};

struct SrvSet {
  SrvName name;
  LookupInfo lookup;
  std::vector<SrvEntry> records; // as answered, at most limits::k_max_srv_records
};

struct NaptrEntry {
  NaptrData data;
  std::uint32_t ttl = 0;
};

struct NaptrSet {
  std::string name;
  LookupInfo lookup;
  std::vector<NaptrEntry> records; // sorted by order, then preference (RFC 3403)
};

struct AddressRecord {
  std::string address;
  std::uint32_t ttl = 0;
  bool ipv6 = false;
  bool operator==(const AddressRecord&) const = default;
};

struct CnameHop {
  std::string alias;
  std::string target;
  std::uint32_t ttl = 0;
};

// A/AAAA of one host name, following CNAMEs.
struct HostAddresses {
  std::string host;
  std::vector<CnameHop> cname_chain;
  std::vector<AddressRecord> addresses; // A first, then AAAA
  LookupInfo a;
  LookupInfo aaaa;
  bool cname_limit_hit = false;
};

// One server of the phone's list.
struct ServerEntry {
  std::string target;
  std::uint16_t port = 0;
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  double share = 1.0; // first-pick chance within its priority group
  std::uint32_t srv_ttl = 0;
  const HostAddresses* host = nullptr; // points into SiteDns::hosts
};

// One configured DNS server asked the phone's first question on its own
// (with two or more --dns servers): does the phone's Primary or Secondary
// DNS work, and does it give the same list?
struct DnsServerCheck {
  std::string server;              // "127.0.0.1:53"
  std::size_t index = 0;           // 0 = primary, 1 = secondary, …
  Question question;               // the phone's SRV name, or A of the SIP server
  LookupInfo lookup;               // found, nodata, nxdomain, server-failure, no-answer, malformed
  std::vector<std::string> answer; // the records of the answer in canonical order, for comparing
};
std::string server_role(std::size_t index); // "primary", "secondary", "DNS server 3"

// Everything resolve learned about the site.
struct SiteDns {
  ResolvePlan plan;
  std::string resolver;
  NaptrSet naptr;
  std::vector<SrvSet> srv_sets; // in plan order
  std::vector<HostAddresses> hosts;
  // The phone's list in the order it tries them: priority groups, each
  // ordered by one RFC 2782 draw with `seed` (dns::phone_order). Drawn once
  // per run; the resolve, probe, status, simulate and watch sections all
  // read this one list.
  std::vector<ServerEntry> servers;
  std::uint64_t seed = 0;
  std::optional<std::uint32_t> refetch_after; // the phone re-fetches the SRV list after this many seconds
  std::vector<DnsServerCheck> server_checks;  // one per --dns server when there are two or more
  std::vector<report::Finding> findings;

  SiteDns() = default;
  SiteDns(const SiteDns&) = delete; // servers point into hosts
  SiteDns& operator=(const SiteDns&) = delete;
  SiteDns(SiteDns&&) = default;
  SiteDns& operator=(SiteDns&&) = default;

  const SrvSet* phone_srv_set() const;
  const HostAddresses* find_host(std::string_view name) const;
};

// Overall outcome, for exit codes: the phone has a usable server; no usable
// server (NXDOMAIN, no records, no addresses); no DNS server answered at all.
enum class DnsOutcome { usable, unusable, no_answer };
DnsOutcome dns_outcome(const SiteDns& site);

// TTL thresholds for DNS006 and DNS007.
inline constexpr std::uint32_t k_long_srv_ttl = 3600;
inline constexpr std::uint32_t k_short_srv_ttl = 60;

// How long the DNS server check waits for a server asked alone: 2 s, or a
// quarter of the time the run has left when that is less, so that a dead
// secondary cannot eat the probes' share of the run's one deadline.
inline constexpr std::chrono::milliseconds k_dns_server_check_wait{2000};

// Run the plan against `resolver` (two or three rounds of concurrent
// questions: NAPTR and SRV, then A/AAAA of every target, then CNAME hops),
// every round by the one `deadline` of the run; ask the phone's first
// question of each DNS server alone (Resolver::ask_each_server); order the phone's list per
// RFC 2782 with `seed`, and derive the DNS findings.
SiteDns resolve_site(const PhoneSettings& settings, const ResolvePlan& plan, Resolver& resolver, std::uint64_t seed,
                     net::TimePoint deadline);

} // namespace sipsurv::dns
