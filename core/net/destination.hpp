#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipsurv::net {

// Why sipsurv must not send to `address` port `port`, or none. Never a
// destination: a multicast address (224.0.0.0/4, ff00::/8), the limited
// broadcast address 255.255.255.255 (a subnet's broadcast address cannot be
// known from here), an unspecified or "this network" address (0.0.0.0/8,
// ::), or port 0; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) counts as its
// IPv4 address. Loopback and private ranges are fine. `address` is an IP
// literal (no brackets); anything else is none of these. Pure.
std::optional<std::string> unsafe_destination(std::string_view address, std::uint16_t port);

} // namespace sipsurv::net
