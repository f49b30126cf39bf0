#pragma once

#include <string_view>

namespace sipsurv {

// Whether `text` is exactly an IPv4 (dotted quad) or IPv6 address in
// presentation form, as inet_pton reads it. A NUL byte anywhere makes it not
// one: inet_pton stops at the first NUL, so "192.0.2.53\0junk" would pass.
bool is_ipv4_literal(std::string_view text);
bool is_ipv6_literal(std::string_view text);
bool is_ip_literal(std::string_view text);

} // namespace sipsurv
