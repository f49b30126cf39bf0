#include "core/sip/options_request.hpp"
#include "core/sip/response_parser.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace sipsurv;

namespace {

sip::OptionsParams
params()
{
  sip::OptionsParams p;
  p.request_uri = "sip:example.test";
  p.transport = Transport::tcp;
  p.local_host = "127.0.0.1";
  p.local_port = 40000;
  p.branch = "z9hG4bKabc123";
  p.call_id = "call-1";
  p.from_tag = "tag1";
  return p;
}

bool
has_line(const std::string& msg, const std::string& line)
{
  return msg.find("\r\n" + line + "\r\n") != std::string::npos;
}

} // namespace

TEST(OptionsRequest, CarriesTheMandatoryHeaders)
{
  auto r = sip::build_options(params());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->starts_with("OPTIONS sip:example.test SIP/2.0\r\n")) << *r;
  EXPECT_TRUE(has_line(*r, "Via: SIP/2.0/TCP 127.0.0.1:40000;branch=z9hG4bKabc123;rport")) << *r;
  EXPECT_TRUE(has_line(*r, "Max-Forwards: 70")) << *r;
  EXPECT_TRUE(has_line(*r, "To: <sip:example.test>")) << *r;
  EXPECT_TRUE(has_line(*r, "Call-ID: call-1")) << *r;
  EXPECT_TRUE(has_line(*r, "CSeq: 1 OPTIONS")) << *r;
  EXPECT_TRUE(has_line(*r, std::string("User-Agent: sipsurv/") + SIPSURV_VERSION)) << *r;
  EXPECT_TRUE(has_line(*r, "Accept: application/sdp")) << *r;
  EXPECT_TRUE(r->ends_with("Content-Length: 0\r\n\r\n")) << *r;
  EXPECT_NE(r->find("From: <sip:sipsurv@127.0.0.1>;tag=tag1"), std::string::npos) << *r;
}

TEST(OptionsRequest, MaxForwardsAndIpv6AndTls)
{
  auto p = params();
  p.max_forwards = 0;
  p.transport = Transport::tls;
  p.local_host = "::1";
  p.local_ipv6 = true;
  auto r = sip::build_options(p);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(has_line(*r, "Max-Forwards: 0")) << *r;
  EXPECT_NE(r->find("Via: SIP/2.0/TLS [::1]:40000;"), std::string::npos) << *r;
}

TEST(OptionsRequest, FreshBranchesHaveTheMagicCookie)
{
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto b = sip::new_branch();
    EXPECT_TRUE(b.starts_with("z9hG4bK"));
    EXPECT_EQ(b.size(), 7U + 24U);
    seen.insert(b);
  }
  EXPECT_EQ(seen.size(), 100U);
}

TEST(OptionsRequest, BadRequestUriIsRejected)
{
  auto p = params();
  p.request_uri = "not a uri at all";
  auto r = sip::build_options(p);
  EXPECT_FALSE(r);
}
