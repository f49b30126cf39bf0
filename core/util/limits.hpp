#pragma once

#include <array>
#include <cstddef>
#include <string_view>

// Hard limits on what sipsurv reads from untrusted peers and files. Each is
// documented in the man page (LIMITS, generated from k_limit_table below);
// hitting one is reported, never silent.
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
inline constexpr std::size_t k_max_file_lines = 100000;       // lines of any file sipsurv reads

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
            "Probe targets in one run, from the command line, --targets or DNS together."},
  LimitInfo{"max_sip_response", k_max_sip_response, "bytes",
            "Size of one SIP response read from a server; a larger one fails that probe."},
  LimitInfo{"max_domain_length", k_max_domain_length, "characters",
            "Length of a domain or host name (RFC 1035 presentation form); a longer one is a usage error."},
  LimitInfo{"max_phone_file", k_max_phone_file, "bytes",
            "Size of a --phone settings file; a larger one (or a device such as /dev/zero) is a usage error."},
  LimitInfo{"max_zone_file", k_max_zone_file, "bytes",
            "Size of a zone file read for offline runs; a larger one is a usage error."},
  LimitInfo{"max_scenario_file", k_max_scenario_file, "bytes",
            "Size of a scenario file; a larger one is a usage error."},
  LimitInfo{"max_targets_file", k_max_targets_file, "bytes",
            "Size of a --targets file; a larger one (or a device such as /dev/zero) is a usage error."},
  LimitInfo{"max_file_lines", k_max_file_lines, "lines",
            "Lines of any file sipsurv reads (phone, zone, scenario, targets); more is a usage error."},
};

} // namespace sipsurv::limits
