#include "core/dns/site_dns.hpp"
#include "core/probe/probe_plan.hpp"

#include "tests/unit/fakes/fake_resolver.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;
using sipsurv::test::FakeResolver;

namespace {

dns::SiteDns
resolve(FakeResolver& r, Transport t)
{
  PhoneSettings s;
  s.sip_gateway = "example.test";
  s.transport = t;
  auto plan = dns::make_plan(s);
  EXPECT_TRUE(plan);
  return dns::resolve_site(s, *plan, r, 1, net::TimePoint::max());
}

FakeResolver
lab()
{
  FakeResolver r;
  r.add_srv("_sips._tcp.example.test", 300, 20, 0, 5061, "sip2.example.test");
  r.add_srv("_sips._tcp.example.test", 300, 10, 0, 5061, "sip1.example.test");
  r.add_srv("_sip._udp.example.test", 300, 10, 0, 5060, "sip1.example.test");
  r.add_a("sip1.example.test", 300, "127.0.0.11");
  r.add_aaaa("sip1.example.test", 300, "::1");
  r.add_a("sip2.example.test", 300, "127.0.0.12");
  return r;
}

} // namespace

TEST(ProbePlan, PhoneTransportInPriorityOrderEveryAddress)
{
  auto r = lab();
  const auto site = resolve(r, Transport::tls);
  probe::PlanChoice choice{{Transport::tls}, probe::SniChoice::domain, 70};
  const auto specs = probe::plan_from_site(site, choice);
  ASSERT_EQ(specs.size(), 3U);
  EXPECT_EQ(specs[0].target, "sip1.example.test");
  EXPECT_EQ(specs[0].address, "127.0.0.11");
  EXPECT_EQ(specs[1].address, "::1");
  EXPECT_EQ(specs[2].target, "sip2.example.test");
  EXPECT_EQ(specs[2].port, 5061);
  EXPECT_EQ(specs[2].sip_domain, "example.test");
  EXPECT_EQ(*specs[2].priority, 20);
}

TEST(ProbePlan, AllTransportsOnlyWhereSrvExists)
{
  auto r = lab();
  const auto site = resolve(r, Transport::tls);
  probe::PlanChoice choice{probe::all_transports(), probe::SniChoice::domain, 70};
  const auto specs = probe::plan_from_site(site, choice);
  // 3 TLS (two targets, sip1 with two addresses), no _sip._tcp, 2 UDP.
  ASSERT_EQ(specs.size(), 5U);
  EXPECT_EQ(specs[3].transport, Transport::udp);
  EXPECT_EQ(specs[3].port, 5060);
  EXPECT_EQ(specs[4].address, "::1");
}

TEST(ProbePlan, TargetWithoutAddressStaysInThePlan)
{
  FakeResolver r;
  r.add_srv("_sip._udp.example.test", 300, 10, 0, 5060, "ghost.example.test");
  const auto site = resolve(r, Transport::udp);
  const auto specs = probe::plan_from_site(site, {{Transport::udp}, probe::SniChoice::domain, 70});
  ASSERT_EQ(specs.size(), 1U);
  EXPECT_TRUE(specs[0].address.empty());
  // Why DNS gave none travels with the spec, so the prober does not ask again.
  EXPECT_EQ(specs[0].unresolved, "A NXDOMAIN; AAAA NXDOMAIN");
}

TEST(ProbePlan, ExplicitTargets)
{
  std::vector<sip::TargetUri> targets;
  for (const char* t : {"127.0.0.5", "sips:sip1.example.test:5062", "host.example.test:5070"}) {
    targets.push_back(*sip::parse_target(t));
  }
  probe::PlanChoice choice{{Transport::udp, Transport::tcp}, probe::SniChoice::target, 1};
  const auto specs = probe::plan_from_targets(targets, choice, "");
  ASSERT_EQ(specs.size(), 5U); // the sips: URI fixes TLS; the others get both transports
  EXPECT_EQ(specs[0].address, "127.0.0.5");
  EXPECT_EQ(specs[0].port, 5060);
  EXPECT_TRUE(specs[0].sip_domain.empty());
  EXPECT_EQ(specs[2].transport, Transport::tls);
  EXPECT_EQ(specs[2].port, 5062);
  EXPECT_EQ(specs[2].sip_domain, "sip1.example.test");
  EXPECT_EQ(specs[3].port, 5070);
  EXPECT_TRUE(specs[3].address.empty());
  EXPECT_EQ(specs[3].max_forwards, 1U);
  EXPECT_EQ(specs[3].role, "target");
}

TEST(ProbePlan, DirectServerIpLiteral)
{
  FakeResolver r;
  PhoneSettings s;
  s.sip_server = "127.0.0.5";
  s.sip_server_port = 5070;
  auto plan = dns::make_plan(s);
  ASSERT_TRUE(plan);
  const auto site = dns::resolve_site(s, *plan, r, 1, net::TimePoint::max());
  const auto specs = probe::plan_from_site(site, {{Transport::udp}, probe::SniChoice::domain, 70});
  ASSERT_EQ(specs.size(), 1U);
  EXPECT_EQ(specs[0].address, "127.0.0.5");
  EXPECT_EQ(specs[0].port, 5070);
}
