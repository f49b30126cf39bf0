#include "core/sip/response_parser.hpp"
#include "core/util/limits.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;

namespace {

const std::string k_ok = "SIP/2.0 200 OK\r\n"
                         "Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKabc;rport=40000;received=127.0.0.1\r\n"
                         "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKdef\r\n"
                         "From: <sip:sipsurv@127.0.0.1>;tag=1\r\n"
                         "To: <sip:example.test>;tag=2\r\n"
                         "Call-ID: call-1\r\n"
                         "CSeq: 1 OPTIONS\r\n"
                         "Server: kamailio (5.6.3 (x86_64/linux))\r\n"
                         "Allow: INVITE, ACK, OPTIONS, BYE\r\n"
                         "Supported: path, outbound\r\n"
                         "Contact: <sip:127.0.0.1:5060>\r\n"
                         "X-Folded: one\r\n"
                         " two\r\n"
                         "Content-Length: 0\r\n"
                         "\r\n";

} // namespace

TEST(ResponseParser, ParsesTheUsefulHeaders)
{
  auto r = sip::parse_response(k_ok);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->reason, "OK");
  EXPECT_EQ(r->server, "kamailio (5.6.3 (x86_64/linux))");
  EXPECT_NE(r->allow.find("OPTIONS"), std::string::npos);
  EXPECT_NE(r->supported.find("outbound"), std::string::npos);
  ASSERT_EQ(r->via.size(), 2U);
  EXPECT_NE(r->via[1].find("10.0.0.1"), std::string::npos);
  EXPECT_EQ(r->call_id, "call-1");
  EXPECT_NE(r->contact.find("127.0.0.1:5060"), std::string::npos);
  // Every raw header line, folding undone.
  ASSERT_EQ(r->header_lines.size(), 12U);
  EXPECT_EQ(r->header_lines[0], "Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKabc;rport=40000;received=127.0.0.1");
  EXPECT_EQ(r->header_lines[10], "X-Folded: one two");
}

TEST(ResponseParser, RetryAfterAndWarning)
{
  auto r = sip::parse_response("SIP/2.0 503 Service Unavailable\r\nCall-ID: x\r\nRetry-After: 120\r\n"
                               "Warning: 399 proxy \"overloaded\"\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 503);
  ASSERT_TRUE(r->retry_after);
  EXPECT_EQ(*r->retry_after, 120U);
  ASSERT_EQ(r->warning.size(), 1U);
  EXPECT_NE(r->warning[0].find("overloaded"), std::string::npos);
}

TEST(ResponseParser, RejectsWhatSofiaAccepts)
{
  // sofia-sip parses these as responses; sipsurv must not.
  for (const char* bad :
       {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "SIP/2.0 99999 Odd\r\nContent-Length: 0\r\n\r\n",
        "SIP/2.0 99 Low\r\nContent-Length: 0\r\n\r\n", "SIP/2.0 700 High\r\nContent-Length: 0\r\n\r\n",
        "SIP/3.0 200 OK\r\n\r\n"}) {
    auto r = sip::parse_response(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, Errc::protocol);
    }
  }
}

TEST(ResponseParser, GarbageAndMissingStatusLine)
{
  for (const std::string& bad :
       {std::string("\x01\x02\xff garbage"), std::string("Call-ID: x\r\n\r\n"), std::string(""),
        std::string("OPTIONS sip:x SIP/2.0\r\n\r\n"), std::string("SIP/2.0\r\n\r\n")}) {
    auto r = sip::parse_response(bad);
    EXPECT_FALSE(r);
    if (!r) {
      EXPECT_EQ(r.error().code, Errc::protocol);
      EXPECT_LT(r.error().message.size(), 120U) << "the quoted line is cut";
    }
  }
}

TEST(ResponseParser, HugeHeaderIsOverTheLimit)
{
  std::string huge = "SIP/2.0 200 OK\r\nX-Big: " + std::string(limits::k_max_sip_response, 'a') + "\r\n\r\n";
  auto r = sip::parse_response(huge);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::limit);
}

TEST(ResponseParser, ManyHeadersAreBounded)
{
  std::string msg = "SIP/2.0 200 OK\r\n";
  for (int i = 0; i < 2000; ++i) {
    msg += "X-H: v\r\n";
  }
  msg += "Content-Length: 0\r\n\r\n";
  auto r = sip::parse_response(msg);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_LE(r->header_lines.size(), 256U);
}

TEST(ResponseParser, TransactionIdsOfTheTopVia)
{
  auto r = sip::parse_response(k_ok);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->ids.has_via);
  EXPECT_EQ(r->ids.via_branch, "z9hG4bKabc");
  EXPECT_EQ(r->ids.via_host, "127.0.0.1");
  EXPECT_EQ(r->ids.via_port, 40000);
  EXPECT_TRUE(r->ids.has_cseq);
  EXPECT_EQ(r->ids.cseq, 1U);
  EXPECT_EQ(r->ids.cseq_method, "OPTIONS");
  EXPECT_TRUE(r->ids.has_call_id);
  EXPECT_TRUE(r->ids.has_from);
  EXPECT_EQ(r->ids.from_tag, "1");
  EXPECT_TRUE(r->ids.has_to);
}

TEST(ResponseParser, Ipv6SentByWithoutBracketsAndMissingHeadersAreSeen)
{
  auto r = sip::parse_response("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP [::1]:40001;branch=z9hG4bKv6\r\n"
                               "Content-Length: 0\r\n\r\n");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->ids.via_host, "::1");
  EXPECT_EQ(r->ids.via_port, 40001);
  EXPECT_FALSE(r->ids.has_cseq);
  EXPECT_FALSE(r->ids.has_call_id);
  EXPECT_FALSE(r->ids.has_from);
  EXPECT_FALSE(r->ids.has_to);
  auto bare = sip::parse_response("SIP/2.0 200 OK\r\n\r\n");
  ASSERT_TRUE(bare) << bare.error().message;
  EXPECT_FALSE(bare->ids.has_via);
}

TEST(ResponseParser, VersionIsCaseInsensitive)
{
  // RFC 3261 §7.1: "SIP/2.0" is case-insensitive.
  std::string lower = k_ok;
  lower.replace(0, 7, "sip/2.0");
  auto r = sip::parse_response(lower);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(sip::parse_response("SIP/2.00 200 OK\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_FALSE(sip::parse_response("SIP/3.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
}
