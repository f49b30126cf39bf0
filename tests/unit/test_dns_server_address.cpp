#include "core/dns/server_address.hpp"

#include <gtest/gtest.h>

using namespace sipsurv::dns;

TEST(ServerAddress, Accepted)
{
  auto a = parse_server_address("127.0.0.1:5353");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_string(), "127.0.0.1:5353");
  auto b = parse_server_address("::1");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->to_string(), "[::1]:53");
  auto c = parse_server_address("[::1]:5300");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->port, 5300);
  EXPECT_TRUE(c->ipv6);
}

TEST(ServerAddress, RejectedWithReason)
{
  for (const char* bad : {"", "dns.example.com", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:70000", "[::1", "[::1]x",
                          "300.1.1.1", "1.2.3.4:53x"}) {
    auto r = parse_server_address(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("allowed:"), std::string::npos) << bad;
  }
}

TEST(Domain, Validation)
{
  EXPECT_TRUE(validate_domain("example.com"));
  EXPECT_EQ(*validate_domain("Example.COM."), "Example.COM");
  EXPECT_TRUE(validate_domain("_sips._tcp.example.com"));
  EXPECT_FALSE(validate_domain(""));
  EXPECT_FALSE(validate_domain("a..b"));
  EXPECT_FALSE(validate_domain("bad domain"));
  EXPECT_FALSE(validate_domain(std::string(64, 'a') + ".com"));
  EXPECT_FALSE(validate_domain(std::string(300, 'a')));
  auto r = validate_domain("evil\x1b[2J.com");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.find('\x1b'), std::string::npos);
}
