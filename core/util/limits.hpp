#pragma once

#include <cstddef>

// Hard limits on what sipsurv reads from untrusted peers and files. Each is
// documented in the man page (LIMITS); hitting one is reported, never silent.
namespace sipsurv::limits {

inline constexpr std::size_t k_max_dns_message = 65535;      // bytes of one DNS answer
inline constexpr std::size_t k_max_records_per_answer = 1024; // resource records walked per answer
inline constexpr std::size_t k_max_srv_records = 256;        // SRV records kept per name
inline constexpr std::size_t k_max_cname_chain = 8;          // CNAME hops followed for a target
inline constexpr std::size_t k_max_targets = 4096;           // probe targets in one run
inline constexpr std::size_t k_max_sip_response = 65536;     // bytes of one SIP response
inline constexpr std::size_t k_max_domain_length = 253;      // RFC 1035 presentation length

} // namespace sipsurv::limits
