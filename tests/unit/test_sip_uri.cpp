#include "core/sip/sip_uri.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;
using sipsurv::sip::parse_target;

TEST(SipUri, HostAndPort)
{
  auto t = parse_target("SIP1.Example.test:5070");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->host, "sip1.example.test");
  EXPECT_EQ(t->port, 5070);
  EXPECT_FALSE(t->is_uri);
  EXPECT_FALSE(t->ip_literal);
  EXPECT_FALSE(t->transport.has_value());
}

// A host named sip or sips prints as "sips:3535": that must read back as the
// same host and port, not as a URI for a host "3535" (found by fuzz_sip_uri).
TEST(SipUri, HostNamedLikeTheSchemeWithPortIsHostAndPort)
{
  for (const char* text : {"sip:5061", "SIPS:3535"}) {
    auto t = parse_target(text);
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_FALSE(t->is_uri) << text;
    EXPECT_FALSE(t->transport.has_value()) << text;
  }
  auto uri = parse_target("sips:sips:3535");
  ASSERT_TRUE(uri) << uri.error().message;
  EXPECT_TRUE(uri->is_uri);
  EXPECT_EQ(uri->host, "sips");
  EXPECT_EQ(uri->port, 3535);
  auto again = parse_target(uri->host_port());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->host, "sips");
  EXPECT_EQ(again->port, 3535);
  // A URI with a real host still is one.
  auto real = parse_target("sip:pbx.example.test:5060");
  ASSERT_TRUE(real);
  EXPECT_TRUE(real->is_uri);
  EXPECT_EQ(real->host, "pbx.example.test");
}

TEST(SipUri, BareHostHasNoPort)
{
  auto t = parse_target("example.test");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->port, 0);
}

TEST(SipUri, Ipv4AndBracketedIpv6)
{
  auto v4 = parse_target("127.0.0.5:5060");
  ASSERT_TRUE(v4);
  EXPECT_TRUE(v4->ip_literal);
  EXPECT_FALSE(v4->ipv6);
  auto v6 = parse_target("[::1]:5061");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 5061);
  EXPECT_TRUE(v6->ipv6);
  EXPECT_EQ(v6->host_port(), "[::1]:5061");
}

TEST(SipUri, UriWithTransportParameter)
{
  auto t = parse_target("sip:alice@proxy.example.test:5080;transport=TCP;lr");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_TRUE(t->is_uri);
  EXPECT_EQ(t->user, "alice");
  EXPECT_EQ(t->host, "proxy.example.test");
  EXPECT_EQ(t->port, 5080);
  ASSERT_TRUE(t->transport);
  EXPECT_EQ(*t->transport, Transport::tcp);
}

TEST(SipUri, SipsMeansTls)
{
  auto t = parse_target("sips:[::1]");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_TRUE(t->secure);
  EXPECT_EQ(*t->transport, Transport::tls);
  EXPECT_EQ(t->port, 0);
  // transport=tcp under sips: is still TLS (RFC 3261 §26.2.2).
  auto tcp = parse_target("sips:example.test;transport=tcp");
  ASSERT_TRUE(tcp);
  EXPECT_EQ(*tcp->transport, Transport::tls);
}

TEST(SipUri, BadInputsNameTheProblem)
{
  for (const char* bad :
       {"", "[::1", "::1", "host:0", "host:70000", "host:", "sip:host;transport=sctp", "sips:host;transport=udp",
        "bad_host!.test", "alice@example.test", "[127.0.0.1]:5060", "sip:"}) {
    auto t = parse_target(bad);
    EXPECT_FALSE(t) << bad;
    if (!t) {
      EXPECT_EQ(t.error().code, Errc::usage);
      EXPECT_EQ(t.error().message.find('\n'), std::string::npos);
    }
  }
}

TEST(SipUri, ControlCharactersAreEscapedInErrors)
{
  auto t = parse_target("ho\x1b[31mst:1");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message.find('\x1b'), std::string::npos) << t.error().message;
}

TEST(SipUri, RequestUriOmitsDefaultPort)
{
  EXPECT_EQ(sip::make_request_uri("example.test", 5060, Transport::udp, false), "sip:example.test");
  EXPECT_EQ(sip::make_request_uri("example.test", 5061, Transport::tls, false), "sips:example.test");
  EXPECT_EQ(sip::make_request_uri("::1", 5070, Transport::tcp, true), "sip:[::1]:5070");
}
