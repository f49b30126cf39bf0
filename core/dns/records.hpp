#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sipsurv::dns {

// Resource record types sipsurv reads (RFC 1035, 2782, 3403, 3596).
namespace rr {
inline constexpr std::uint16_t a = 1;
inline constexpr std::uint16_t cname = 5;
inline constexpr std::uint16_t aaaa = 28;
inline constexpr std::uint16_t srv = 33;
inline constexpr std::uint16_t naptr = 35;
} // namespace rr

// "A", "SRV", … or "TYPE<n>" for the rest.
std::string type_name(std::uint16_t type);

enum class Rcode : std::uint8_t { noerror = 0, formerr = 1, servfail = 2, nxdomain = 3, notimp = 4, refused = 5 };
std::string rcode_name(unsigned rcode);

struct SrvData {
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  std::string target; // "." means: the service is decidedly not available (RFC 2782)
  bool operator==(const SrvData&) const = default;
};

struct NaptrData {
  std::uint16_t order = 0;
  std::uint16_t preference = 0;
  std::string flags;
  std::string service;
  std::string regexp;
  std::string replacement; // "." when empty
  bool operator==(const NaptrData&) const = default;
};

struct AddressData {
  std::string address; // presentation form: "192.0.2.1", "2001:db8::1"
  bool operator==(const AddressData&) const = default;
};

struct CnameData {
  std::string target;
  bool operator==(const CnameData&) const = default;
};

using RecordData = std::variant<std::monostate, AddressData, CnameData, SrvData, NaptrData>;

struct Record {
  std::string name; // owner name without the trailing dot
  std::uint16_t type = 0;
  std::uint32_t ttl = 0;
  RecordData data;
  bool operator==(const Record&) const = default;
};

// The parts of a DNS response sipsurv uses.
struct Message {
  unsigned rcode = 0;
  bool truncated = false;
  bool authoritative = false;
  std::vector<Record> answers;
  std::size_t records_over_limit = 0;              // answers not kept because of limits::k_max_records_per_answer
  bool operator==(const Message&) const = default; // every field: the evidence round trip compares them
};

struct Question {
  std::string name;
  std::uint16_t type = 0;
  bool operator==(const Question&) const = default;
};

// DNS names compare case-insensitively, with or without the trailing dot.
bool same_name(std::string_view a, std::string_view b);
std::string normalize_name(std::string_view name);

} // namespace sipsurv::dns
