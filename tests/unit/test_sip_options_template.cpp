// The OPTIONS template against sofia-sip's own build: byte for byte the
// same request for every shape and every value that changes per request.
#include "core/sip/options_template.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;

namespace {

sip::OptionsParams
shape(std::string uri, Transport t, unsigned max_forwards = 70)
{
  sip::OptionsParams p;
  p.request_uri = std::move(uri);
  p.transport = t;
  p.max_forwards = max_forwards;
  return p;
}

} // namespace

TEST(OptionsTemplate, FillsToExactlyWhatSofiaBuilds)
{
  // One template per shape; every request-URI the prober makes (from
  // make_request_uri or a target's user@host) and every local address.
  const std::vector<std::string> uris{"sip:example.test",
                                      "sips:example.test",
                                      "sip:127.0.0.11:5060;transport=tcp",
                                      "sip:[2001:db8::1]:5062",
                                      "sip:sip1.example.test:5070;transport=udp",
                                      "sips:alice_1@[::1]:5061",
                                      "sip:Sip-Server.Example.TEST"};
  struct Local {
    std::string host;
    std::uint16_t port;
    bool v6;
  };
  const std::vector<Local> locals{
    {"127.0.0.1", 40000, false}, {"10.1.2.3", 1, false}, {"::1", 65535, true}, {"2001:db8::ff00:42:8329", 5060, true}};
  int n = 0;
  for (const Transport t : {Transport::udp, Transport::tcp, Transport::tls}) {
    for (const unsigned max_forwards : {70U, 1U, 0U}) {
      auto tpl = sip::OptionsTemplate::make(shape("sip:example.test", t, max_forwards));
      ASSERT_TRUE(tpl) << tpl.error().message;
      for (const auto& uri : uris) {
        for (const auto& l : locals) {
          auto p = shape(uri, t, max_forwards);
          ASSERT_TRUE(sip::OptionsTemplate::fits(p)) << uri;
          p.local_host = l.host;
          p.local_port = l.port;
          p.local_ipv6 = l.v6;
          p.branch = sip::new_branch();
          p.call_id = sip::new_token();
          p.from_tag = sip::new_token().substr(0, 10);
          const auto sofia = sip::build_options(p);
          ASSERT_TRUE(sofia) << sofia.error().message;
          EXPECT_EQ(tpl->fill(p), *sofia) << uri << " from " << l.host;
          ++n;
        }
      }
    }
  }
  EXPECT_EQ(n, 3 * 3 * 7 * 4);
}

TEST(OptionsTemplate, OnlyPlainRequestUrisFit)
{
  EXPECT_TRUE(sip::OptionsTemplate::fits(shape("sip:a.example.test:5060;transport=tcp", Transport::tcp)));
  EXPECT_FALSE(sip::OptionsTemplate::fits(shape("sip:%61@example.test", Transport::udp))) << "escapes";
  EXPECT_FALSE(sip::OptionsTemplate::fits(shape("sip:a@example.test?subject=x", Transport::udp))) << "headers";
  EXPECT_FALSE(sip::OptionsTemplate::fits(shape("tel:+4930123", Transport::udp)));
  EXPECT_FALSE(sip::OptionsTemplate::fits(shape("SIP:example.test", Transport::udp)));
  auto to = shape("sip:example.test", Transport::udp);
  to.to_uri = "sip:other.test";
  EXPECT_FALSE(sip::OptionsTemplate::fits(to));
}

TEST(OptionsTemplate, AFilledValueThatLooksLikeAMarkerIsCopiedAsGiven)
{
  // The markers are only looked for in the template, never in what fills it.
  auto tpl = sip::OptionsTemplate::make(shape("sip:example.test", Transport::udp));
  ASSERT_TRUE(tpl);
  auto p = shape("sip:sipsurvcallidmarker@sipsurv-sent-by.invalid", Transport::udp);
  p.local_host = "127.0.0.1";
  p.local_port = 5000;
  p.branch = "z9hG4bKsipsurvbranchmarker";
  p.call_id = "sipsurvtagmarker";
  p.from_tag = "sipsurvcallidmarker";
  const auto sofia = sip::build_options(p);
  ASSERT_TRUE(sofia);
  EXPECT_EQ(tpl->fill(p), *sofia);
}

TEST(OptionsTemplate, ABadRequestUriDoesNotFitAndSofiaRefusesIt)
{
  auto p = shape("sip:bad uri", Transport::udp);
  p.local_host = "127.0.0.1";
  p.branch = "z9hG4bK1";
  p.call_id = "c";
  p.from_tag = "t";
  EXPECT_FALSE(sip::OptionsTemplate::fits(p));
  const auto built = sip::build_options(p);
  ASSERT_FALSE(built) << *built;
  EXPECT_EQ(built.error().code, Errc::usage);
}
