#pragma once

#include <array>
#include <cstddef>
#include <string_view>

// Hard limits on what sipsurv reads from untrusted peers and files. Each is
// documented in the man page (LIMITS, generated from k_limit_table below);
// hitting one is reported, never silent. Every limit the code enforces is
// here: its users refer to these constants rather than define their own.
// (Files must also be regular files, not FIFOs or devices: cli/file_read.)
namespace sipsurv::limits {

inline constexpr std::size_t k_max_dns_message = 65535;       // bytes of one DNS answer
inline constexpr std::size_t k_max_records_per_answer = 1024; // resource records walked per answer
inline constexpr std::size_t k_max_srv_records = 256;         // SRV records kept per name
inline constexpr std::size_t k_max_cname_chain = 8;           // CNAME hops followed for a target
inline constexpr std::size_t k_max_targets = 4096;            // probe targets in one run
inline constexpr std::size_t k_max_sip_response = 65536;      // bytes of one SIP response
inline constexpr std::size_t k_max_domain_length = 253;       // RFC 1035 presentation length
inline constexpr std::size_t k_max_phone_file = 262144;       // bytes (256 KiB) of a --phone settings file
inline constexpr std::size_t k_max_zone_file = 4194304;       // bytes (4 MiB) of a zone file (offline DNS)
inline constexpr std::size_t k_max_scenario_file = 1048576;   // bytes (1 MiB) of a scenario file
inline constexpr std::size_t k_max_targets_file = 4194304;    // bytes (4 MiB) of a --targets file
inline constexpr std::size_t k_max_evidence_file = 16777216;  // bytes (16 MiB) of a --replay evidence bundle
inline constexpr std::size_t k_max_password_file = 1024;      // bytes of an --auth-password-file
inline constexpr std::size_t k_max_file_lines = 100000;       // lines of any file sipsurv reads
inline constexpr std::size_t k_max_label_length = 63;         // RFC 1035 §2.3.4 label length
inline constexpr std::size_t k_max_target_length = 1024;      // characters of one TARGET (argument or --targets line)
inline constexpr std::size_t k_max_sip_header_lines = 256;    // header lines kept from one SIP response
inline constexpr std::size_t k_max_cert_sans = 1024;          // subjectAltNames read from one certificate
inline constexpr std::size_t k_max_cert_chain = 16;           // certificates read from a server's chain
inline constexpr std::size_t k_max_zone_line = 4096;          // characters of one zone file line
inline constexpr std::size_t k_max_zone_records = 100000;     // records of one zone file
inline constexpr std::size_t k_max_scenario_line = 1024;      // characters of one scenario file line
inline constexpr std::size_t k_max_scenario_steps = 10000;    // events of one scenario file
inline constexpr std::size_t k_max_scenario_time_ms = 604800000; // one week: the latest time of a scenario event
inline constexpr std::size_t k_max_model_events = 5000;          // timeline events of one simulation
inline constexpr std::size_t k_max_evidence_items = 5;           // names listed in one finding's evidence

// One documented limit. `name` is the constant's name without "k_", so a
// support engineer can find it in the source.
struct LimitInfo {
  std::string_view name;
  std::size_t value;
  std::string_view unit;
  std::string_view description; // one sentence: what is limited and what happens beyond it
};

// Every constant above, for the man page. A cli test fails when a k_
// constant of this file has no row here.
inline constexpr std::array k_limit_table{
  LimitInfo{"max_dns_message", k_max_dns_message, "bytes",
            "Size of one DNS answer; a larger answer is rejected as malformed (finding DNS014)."},
  LimitInfo{"max_records_per_answer", k_max_records_per_answer, "records",
            "Resource records walked in one DNS answer; the rest are ignored and reported (finding DNS014)."},
  LimitInfo{"max_srv_records", k_max_srv_records, "records",
            "SRV records kept for one SRV name; the rest are ignored and reported (finding DNS014)."},
  LimitInfo{"max_cname_chain", k_max_cname_chain, "hops",
            "CNAME aliases followed for one SRV target before giving up on its address."},
  LimitInfo{"max_targets", k_max_targets, "targets",
            "Probe targets in one run, from the command line, --targets or DNS together, and the largest "
            "--parallel: each probe in flight holds a socket and its buffers, and a site check that needs "
            "more is a network scan, which sipsurv is not."},
  LimitInfo{"max_sip_response", k_max_sip_response, "bytes",
            "Size of one SIP response read from a server; a larger one fails that probe."},
  LimitInfo{"max_domain_length", k_max_domain_length, "characters",
            "Length of a domain or host name (RFC 1035 presentation form); a longer one is a usage error."},
  LimitInfo{"max_phone_file", k_max_phone_file, "bytes",
            "Size of a --phone settings file; a larger one is a usage error."},
  LimitInfo{"max_zone_file", k_max_zone_file, "bytes",
            "Size of a zone file read for offline runs; a larger one is a usage error."},
  LimitInfo{"max_scenario_file", k_max_scenario_file, "bytes",
            "Size of a scenario file; a larger one is a usage error."},
  LimitInfo{"max_targets_file", k_max_targets_file, "bytes",
            "Size of a --targets file; a larger one is a usage error."},
  LimitInfo{"max_evidence_file", k_max_evidence_file, "bytes",
            "Size of a --replay evidence bundle; a larger one is a usage error."},
  LimitInfo{"max_password_file", k_max_password_file, "bytes",
            "Size of an --auth-password-file (the password and one line end); a larger one is a usage error."},
  LimitInfo{"max_file_lines", k_max_file_lines, "lines",
            "Lines of any file sipsurv reads (phone, zone, scenario, targets); more is a usage error."},
  LimitInfo{"max_label_length", k_max_label_length, "characters",
            "Length of one label of a domain or host name (RFC 1035); a longer one is a usage error."},
  LimitInfo{"max_target_length", k_max_target_length, "characters",
            "Length of one TARGET, on the command line or a line of --targets; a longer one is a usage error."},
  LimitInfo{"max_sip_header_lines", k_max_sip_header_lines, "lines",
            "Header lines kept from one SIP response (and entries of one header list such as Via or Warning); "
            "the rest are not shown."},
  LimitInfo{"max_cert_sans", k_max_cert_sans, "names",
            "Subject alternative names (DNS, URI and IP together) read from one certificate; the identity "
            "checks use those, and the output says the list was cut (sans_truncated in JSON)."},
  LimitInfo{"max_cert_chain", k_max_cert_chain, "certificates",
            "Certificates of a server's chain that are read and shown; the output says the chain was cut "
            "(chain_truncated in JSON). Verification by OpenSSL sees the whole chain."},
  LimitInfo{"max_zone_line", k_max_zone_line, "characters",
            "Length of one line of a --dns-file zone; a longer one is a usage error naming the line."},
  LimitInfo{"max_zone_records", k_max_zone_records, "records",
            "Records of one --dns-file zone; more is a usage error naming the line."},
  LimitInfo{"max_scenario_line", k_max_scenario_line, "characters",
            "Length of one line of a --scenario file; a longer one is a usage error naming the line."},
  LimitInfo{"max_scenario_steps", k_max_scenario_steps, "events",
            "Events of one --scenario file; more is a usage error naming the line."},
  LimitInfo{"max_scenario_time_ms", k_max_scenario_time_ms, "milliseconds",
            "Latest time of a scenario event or of --duration (one week); a later one is a usage error."},
  LimitInfo{"max_model_events", k_max_model_events, "events",
            "Timeline events of one simulation; the simulation stops there and says so (event_limit_hit in JSON)."},
  LimitInfo{"max_evidence_items", k_max_evidence_items, "names",
            "Names listed in one finding's evidence; the rest are counted (\"and 12 more\")."},
};

} // namespace sipsurv::limits
