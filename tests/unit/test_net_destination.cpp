// Addresses and ports sipsurv never sends to (SPEC.md "Probing rules").
#include "core/net/destination.hpp"

#include <gtest/gtest.h>

using sipsurv::net::unsafe_destination;

TEST(Destination, MulticastBroadcastUnspecifiedAndPortZeroAreRefused)
{
  const std::vector<std::pair<std::string, std::string>> refused{
    {"224.0.0.1", "a multicast address"},         {"239.255.255.250", "a multicast address"},
    {"255.255.255.255", "the broadcast address"}, {"0.0.0.0", "an unspecified address"},
    {"0.1.2.3", "an unspecified address"},        {"::", "an unspecified address"},
    {"ff02::1", "a multicast address"},           {"ff05::1:3", "a multicast address"},
    {"::ffff:224.0.0.1", "a multicast address"},  {"::ffff:255.255.255.255", "the broadcast address"},
    {"::ffff:0.0.0.0", "an unspecified address"},
  };
  for (const auto& [address, why] : refused) {
    EXPECT_EQ(unsafe_destination(address, 5060), why) << address;
  }
  EXPECT_EQ(unsafe_destination("192.0.2.1", 0), "port 0");
  EXPECT_EQ(unsafe_destination("224.0.0.1", 0), "a multicast address") << "the address is named first";
}

TEST(Destination, UnicastLoopbackAndPrivateRangesAreFine)
{
  for (const char* address :
       {"127.0.0.1", "127.0.0.128", "::1", "10.1.2.3", "192.168.1.10", "172.16.0.1", "192.0.2.1", "2001:db8::1",
        "fe80::1", "fd00::5", "::ffff:127.0.0.1", "223.255.255.255", "255.255.255.254"}) {
    EXPECT_EQ(unsafe_destination(address, 5060), std::nullopt) << address;
  }
}
