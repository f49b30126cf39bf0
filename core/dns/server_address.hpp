#pragma once

#include "core/util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipsurv::dns {

// A DNS server given as ADDR[:PORT]: "192.0.2.53", "127.0.0.1:5353", "::1",
// "[::1]:5353". Names are not allowed (a resolver is needed to find them).
struct ServerAddress {
  std::string address; // presentation form, no brackets
  std::uint16_t port = 53;
  bool ipv6 = false;

  // "127.0.0.1:5353" or "[::1]:5353", the form c-ares's CSV server list takes.
  std::string to_string() const;
};

Result<ServerAddress> parse_server_address(std::string_view text);

// Check a DNS domain name: at most 253 characters, labels of 1–63 characters
// of letters, digits, '-' and '_' (service labels), an optional trailing dot.
Result<std::string> validate_domain(std::string_view text);

// What is wrong with `text` as a domain name ("empty label", "character ' '
// not allowed", …), or nothing: for callers that word their own error.
std::optional<std::string> domain_problem(std::string_view text);

} // namespace sipsurv::dns
