#include "cli/render/common.hpp"
#include "core/dns/site_dns.hpp"

#include "tests/unit/fakes/fake_resolver.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

using namespace sipsurv;
using sipsurv::test::FakeResolver;

namespace {

PhoneSettings
phone(Transport t, std::string domain = "example.test")
{
  PhoneSettings s;
  s.sip_gateway = std::move(domain);
  s.transport = t;
  return s;
}

dns::SiteDns
run(const PhoneSettings& s, FakeResolver& r, std::uint64_t seed = 1)
{
  auto plan = dns::make_plan(s);
  EXPECT_TRUE(plan) << plan.error().message;
  return dns::resolve_site(s, *plan, r, seed, net::TimePoint::max());
}

bool
has_finding(const dns::SiteDns& site, std::string_view id)
{
  return std::any_of(site.findings.begin(), site.findings.end(), [&](const auto& f) { return f.id == id; });
}

void
healthy_site(FakeResolver& r)
{
  r.add_empty("example.test", dns::rr::naptr);
  r.add_srv("_sips._tcp.example.test", 300, 10, 60, 5061, "sip1.example.test");
  r.add_srv("_sips._tcp.example.test", 300, 10, 40, 5061, "sip2.example.test");
  r.add_srv("_sips._tcp.example.test", 300, 20, 0, 5061, "sip3.example.test");
  r.add_a("sip1.example.test", 600, "127.0.0.11");
  r.add_a("sip2.example.test", 600, "127.0.0.12");
  r.add_a("sip3.example.test", 600, "127.0.0.13");
  r.add_aaaa("sip1.example.test", 600, "::1");
}

} // namespace

TEST(ResolvePlan, PortZeroUsesSrvByTransport)
{
  for (auto [t, name] :
       {std::pair{Transport::tls, "_sips._tcp.example.test"}, std::pair{Transport::tcp, "_sip._tcp.example.test"},
        std::pair{Transport::udp, "_sip._udp.example.test"}}) {
    auto plan = dns::make_plan(phone(t));
    ASSERT_TRUE(plan);
    EXPECT_TRUE(plan->use_srv);
    ASSERT_EQ(plan->srv_names.size(), 4U);
    EXPECT_EQ(plan->srv_names.front().name, name);
    EXPECT_TRUE(plan->srv_names.front().used_by_phone);
    EXPECT_EQ(std::count_if(plan->srv_names.begin(), plan->srv_names.end(), [](auto& n) { return n.used_by_phone; }),
              1);
    EXPECT_EQ(plan->srv_names.back().name, "_sip._tls.example.test"); // legacy name last, never used
  }
}

TEST(ResolvePlan, NonZeroPortSkipsSrv)
{
  auto s = phone(Transport::tls);
  s.sip_server = "sbc.example.test";
  s.sip_server_port = 5061;
  auto plan = dns::make_plan(s);
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->use_srv);
  EXPECT_TRUE(plan->srv_names.empty());
  EXPECT_EQ(plan->direct_host, "sbc.example.test");
  EXPECT_EQ(plan->direct_port, 5061);
}

TEST(ResolvePlan, ServerWithoutPortUsesTransportDefault)
{
  PhoneSettings s;
  s.sip_server = "sbc.example.test";
  s.transport = Transport::tls;
  auto plan = dns::make_plan(s);
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->use_srv);
  EXPECT_EQ(plan->direct_port, 5061);
}

TEST(ResolvePlan, NothingToResolveIsUsageError)
{
  auto plan = dns::make_plan(PhoneSettings{});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, Errc::usage);
}

TEST(ResolveSite, HealthySiteOrdersByPriorityWithShares)
{
  FakeResolver r;
  healthy_site(r);
  const auto site = run(phone(Transport::tls), r);
  EXPECT_EQ(dns::dns_outcome(site), dns::DnsOutcome::usable);
  ASSERT_EQ(site.servers.size(), 3U);
  EXPECT_EQ(site.servers[0].target, "sip1.example.test");
  EXPECT_EQ(site.servers[2].target, "sip3.example.test");
  EXPECT_NEAR(site.servers[0].share, 60.5 / 101, 1e-9);
  EXPECT_DOUBLE_EQ(site.servers[2].share, 1.0);
  EXPECT_EQ(site.refetch_after, 300U);
  ASSERT_NE(site.servers[0].host, nullptr);
  EXPECT_EQ(site.servers[0].host->addresses.size(), 2U);
  EXPECT_EQ(site.servers.back().priority, 20); // priority 20 comes last in every draw
  EXPECT_TRUE(site.findings.empty()) << site.findings.front().id;
}

TEST(ResolveSite, ARotatedAnswerGivesTheSameListForASeed)
{
  // dnsmasq and many resolvers rotate the records of an answer: the phone's
  // list for a seed must not follow the rotation.
  const auto list_of = [](std::initializer_list<int> order, std::uint64_t seed) {
    FakeResolver r;
    r.add_empty("example.test", dns::rr::naptr);
    const std::array<std::pair<int, const char*>, 4> records{
      {{30, "sip1.example.test"}, {20, "sip2.example.test"}, {50, "sip3.example.test"}, {0, "sip4.example.test"}}};
    for (int k : order) {
      const auto& [weight, target] = records[static_cast<std::size_t>(k)];
      r.add_srv("_sips._tcp.example.test", 300, 10, static_cast<std::uint16_t>(weight), 5061, target);
    }
    for (const auto& [weight, target] : records) {
      r.add_a(target, 600, "127.0.0.1");
    }
    const auto site = run(phone(Transport::tls), r, seed);
    std::vector<std::string> out;
    for (const auto& s : site.servers) {
      out.push_back(s.target);
    }
    return out;
  };
  for (std::uint64_t seed : {1ULL, 5ULL, 99ULL}) {
    const auto want = list_of({0, 1, 2, 3}, seed);
    EXPECT_EQ(list_of({1, 2, 3, 0}, seed), want) << "seed " << seed;
    EXPECT_EQ(list_of({3, 2, 1, 0}, seed), want) << "seed " << seed;
    EXPECT_EQ(list_of({2, 0, 3, 1}, seed), want) << "seed " << seed;
  }
}

TEST(ResolveSite, MissingSrvForTransportIsCritical)
{
  FakeResolver r;
  healthy_site(r);
  // The phone uses UDP, but only _sips._tcp exists.
  const auto site = run(phone(Transport::udp), r);
  EXPECT_EQ(dns::dns_outcome(site), dns::DnsOutcome::unusable);
  EXPECT_TRUE(has_finding(site, "DNS001"));
  const auto& f = *std::find_if(site.findings.begin(), site.findings.end(), [](auto& x) { return x.id == "DNS001"; });
  EXPECT_NE(f.evidence.find("_sips._tcp.example.test has 3 record(s)"), std::string::npos);
}

TEST(ResolveSite, FakeRedundancyAndCname)
{
  FakeResolver r;
  r.add_empty("example.test", dns::rr::naptr);
  r.add_srv("_sip._udp.example.test", 300, 10, 0, 5060, "a.example.test");
  r.add_srv("_sip._udp.example.test", 300, 20, 0, 5060, "b.example.test");
  r.add_a("a.example.test", 60, "127.0.0.20");
  r.add_cname("b.example.test", 60, "a.example.test");
  // The fake does not chase: sipsurv must ask for a.example.test itself.
  const auto site = run(phone(Transport::udp), r);
  EXPECT_TRUE(has_finding(site, "DNS002"));
  EXPECT_TRUE(has_finding(site, "DNS004"));
  const auto* b = site.find_host("b.example.test");
  ASSERT_NE(b, nullptr);
  ASSERT_EQ(b->addresses.size(), 1U);
  EXPECT_EQ(b->addresses[0].address, "127.0.0.20");
}

TEST(ResolveSite, CnameLoopIsBounded)
{
  FakeResolver r;
  r.add_empty("example.test", dns::rr::naptr);
  r.add_srv("_sip._udp.example.test", 300, 10, 0, 5060, "loop1.example.test");
  r.add_cname("loop1.example.test", 60, "loop2.example.test");
  r.add_cname("loop2.example.test", 60, "loop1.example.test");
  const auto site = run(phone(Transport::udp), r);
  EXPECT_LE(r.asked.size(), 5U + 2U * 9U);
  EXPECT_TRUE(has_finding(site, "DNS003"));
  EXPECT_EQ(dns::dns_outcome(site), dns::DnsOutcome::unusable);
}

TEST(ResolveSite, TargetWithoutAddress)
{
  FakeResolver r;
  r.add_empty("example.test", dns::rr::naptr);
  r.add_srv("_sip._udp.example.test", 300, 10, 0, 5060, "ghost.example.test");
  r.add_empty("ghost.example.test", dns::rr::a);
  r.add_empty("ghost.example.test", dns::rr::aaaa);
  const auto site = run(phone(Transport::udp), r);
  EXPECT_TRUE(has_finding(site, "DNS003"));
  EXPECT_TRUE(has_finding(site, "DNS005"));
}

TEST(ResolveSite, NxdomainDomain)
{
  FakeResolver r;
  const auto site = run(phone(Transport::tls, "nowhere.test"), r);
  EXPECT_EQ(dns::dns_outcome(site), dns::DnsOutcome::unusable);
  EXPECT_TRUE(has_finding(site, "DNS011"));
}

TEST(ResolveSite, NoServerAnswered)
{
  FakeResolver r;
  r.fail_everything(Error{Errc::timeout, "no answer from DNS server 127.0.0.1:9 before the timeout"});
  const auto site = run(phone(Transport::tls), r);
  EXPECT_EQ(dns::dns_outcome(site), dns::DnsOutcome::no_answer);
  EXPECT_TRUE(has_finding(site, "DNS012"));
}

TEST(ResolveSite, ServfailIsReported)
{
  FakeResolver r;
  healthy_site(r);
  r.set_rcode("_sips._tcp.example.test", dns::rr::srv, 2);
  const auto site = run(phone(Transport::tls), r);
  EXPECT_TRUE(has_finding(site, "DNS012"));
  EXPECT_EQ(dns::dns_outcome(site), dns::DnsOutcome::unusable);
}

TEST(ResolveSite, TtlFindings)
{
  FakeResolver long_ttl;
  long_ttl.add_empty("example.test", dns::rr::naptr);
  long_ttl.add_srv("_sip._udp.example.test", 86400, 10, 0, 5060, "a.example.test");
  long_ttl.add_a("a.example.test", 60, "127.0.0.1");
  EXPECT_TRUE(has_finding(run(phone(Transport::udp), long_ttl), "DNS006"));
  FakeResolver short_ttl;
  short_ttl.add_empty("example.test", dns::rr::naptr);
  short_ttl.add_srv("_sip._udp.example.test", 5, 10, 0, 5060, "a.example.test");
  short_ttl.add_a("a.example.test", 60, "127.0.0.1");
  EXPECT_TRUE(has_finding(run(phone(Transport::udp), short_ttl), "DNS007"));
}

TEST(ResolveSite, LegacyNameAndNaptrMismatch)
{
  FakeResolver r;
  healthy_site(r);
  r.add_srv("_sip._tls.example.test", 300, 10, 0, 5061, "sip1.example.test");
  r.add("example.test", dns::rr::naptr,
        dns::Record{"example.test", dns::rr::naptr, 60,
                    dns::NaptrData{10, 10, "s", "SIP+D2U", "", "_sip._udp.example.test"}});
  const auto site = run(phone(Transport::tls), r);
  EXPECT_TRUE(has_finding(site, "DNS009"));
  EXPECT_TRUE(has_finding(site, "DNS010"));
}

// Record data from the network stays raw in the finding and is escaped once,
// by the renderer: a control character shows as \x1b, not as \\x1b.
TEST(ResolveSite, NaptrDataInFindingsIsEscapedOnceWhenRendered)
{
  FakeResolver r;
  healthy_site(r);
  r.add("example.test", dns::rr::naptr,
        dns::Record{"example.test", dns::rr::naptr, 60,
                    dns::NaptrData{10, 10, "s\x1b[2J", "SIPS+D2T", "", "evil\x1b.example.test"}});
  const auto site = run(phone(Transport::tls), r);
  const auto f =
    std::find_if(site.findings.begin(), site.findings.end(), [](const auto& x) { return x.id == "DNS010"; });
  ASSERT_NE(f, site.findings.end());
  EXPECT_NE(f->evidence.find("s\x1b[2J"), std::string::npos) << f->evidence;
  const std::string text = cli::findings_text(std::span(&*f, 1), cli::TextStyle{});
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_NE(text.find("\\x1b[2J"), std::string::npos) << text;
  EXPECT_EQ(text.find("\\\\"), std::string::npos) << text;
}

TEST(ResolveSite, DotTargetMeansNotAvailable)
{
  FakeResolver r;
  r.add_empty("example.test", dns::rr::naptr);
  r.add_srv("_sips._tcp.example.test", 300, 0, 0, 0, ".");
  const auto site = run(phone(Transport::tls), r);
  EXPECT_TRUE(has_finding(site, "DNS013"));
  EXPECT_EQ(dns::dns_outcome(site), dns::DnsOutcome::unusable);
}

TEST(ResolveSite, DirectServerWithPort)
{
  FakeResolver r;
  r.add_a("sbc.example.test", 30, "127.0.0.9");
  auto s = phone(Transport::tls);
  s.sip_server = "sbc.example.test";
  s.sip_server_port = 5061;
  const auto site = run(s, r);
  EXPECT_TRUE(has_finding(site, "DNS008"));
  ASSERT_EQ(site.servers.size(), 1U);
  EXPECT_EQ(site.servers[0].port, 5061);
  // No SRV question was asked.
  EXPECT_TRUE(std::none_of(r.asked.begin(), r.asked.end(), [](auto& q) { return q.type == dns::rr::srv; }));
}

TEST(ResolveSite, DirectServerIpLiteralIsNotLookedUp)
{
  FakeResolver r;
  auto s = phone(Transport::udp);
  s.sip_server = "127.0.0.5";
  s.sip_server_port = 5060;
  const auto site = run(s, r);
  // The literal is the address: no DNS question, no NXDOMAIN finding.
  EXPECT_TRUE(r.asked.empty());
  EXPECT_FALSE(has_finding(site, "DNS011"));
  EXPECT_FALSE(has_finding(site, "DNS003"));
  ASSERT_EQ(site.servers.size(), 1U);
  ASSERT_NE(site.servers[0].host, nullptr);
  ASSERT_EQ(site.servers[0].host->addresses.size(), 1U);
  EXPECT_EQ(site.servers[0].host->addresses[0].address, "127.0.0.5");
  EXPECT_EQ(dns::dns_outcome(site), dns::DnsOutcome::usable);
}

TEST(ResolveSite, DirectServerIpv6Literal)
{
  FakeResolver r;
  auto s = phone(Transport::tcp);
  s.sip_server = "::1";
  s.sip_server_port = 5060;
  const auto site = run(s, r);
  EXPECT_TRUE(r.asked.empty());
  ASSERT_EQ(site.servers[0].host->addresses.size(), 1U);
  EXPECT_TRUE(site.servers[0].host->addresses[0].ipv6);
}

TEST(SiteDns, EveryRoundSharesTheRunsDeadline)
{
  // NAPTR+SRV, then A/AAAA, then a CNAME chase: three rounds, one deadline.
  FakeResolver r;
  r.add_srv("_sip._udp.example.test", 300, 10, 0, 5060, "alias.example.test");
  r.add_cname("alias.example.test", 60, "real.example.test");
  r.add_a("real.example.test", 60, "192.0.2.1");
  PhoneSettings s;
  s.sip_gateway = "example.test";
  s.transport = Transport::udp;
  const auto deadline = net::TimePoint{} + std::chrono::hours(5);
  const auto site = dns::resolve_site(s, *dns::make_plan(s), r, 1, deadline);
  ASSERT_EQ(site.hosts.size(), 1U);
  EXPECT_EQ(site.hosts[0].addresses.size(), 1U);
  ASSERT_EQ(r.deadlines.size(), 3U);
  EXPECT_TRUE(std::all_of(r.deadlines.begin(), r.deadlines.end(), [&](auto d) { return d == deadline; }));
}

// The phone's Primary/Secondary DNS, each asked alone (issue 15.4).
namespace {

dns::Message
srv_answer(std::initializer_list<std::pair<std::uint16_t, std::string>> records)
{
  dns::Message m;
  for (const auto& [prio, target] : records) {
    m.answers.push_back(
      dns::Record{"_sips._tcp.example.test", dns::rr::srv, 300, dns::SrvData{prio, 10, 5061, target}});
  }
  return m;
}

dns::ServerReply
answered(std::string server, dns::Message m)
{
  dns::Reply r{std::move(m), std::chrono::microseconds(400), {}};
  r.server = server;
  return dns::ServerReply{std::move(server), std::move(r)};
}

dns::ServerReply
silent(std::string server)
{
  return dns::ServerReply{std::move(server),
                          dns::Reply{std::unexpected(Error{Errc::timeout, "no answer before the deadline"}), {}, {}}};
}

std::vector<std::string>
ids_of(const dns::SiteDns& site, std::string_view id)
{
  std::vector<std::string> out;
  for (const auto& f : site.findings) {
    if (f.id == id) {
      out.push_back(f.message);
    }
  }
  return out;
}

} // namespace

TEST(DnsServerCheck, EachServerIsAskedThePhonesSrvNameByTheRunDeadline)
{
  FakeResolver r;
  healthy_site(r);
  r.per_server = {answered("192.0.2.53:53", srv_answer({{10, "sip1.example.test"}})),
                  answered("192.0.2.54:53", srv_answer({{10, "sip1.example.test"}}))};
  auto plan = dns::make_plan(phone(Transport::tls));
  ASSERT_TRUE(plan);
  const auto deadline = net::TimePoint{} + std::chrono::seconds(42);
  const auto site = dns::resolve_site(phone(Transport::tls), *plan, r, 1, deadline);
  ASSERT_EQ(r.server_check_questions.size(), 1U);
  EXPECT_EQ(r.server_check_questions[0], (dns::Question{"_sips._tcp.example.test", dns::rr::srv}));
  EXPECT_EQ(r.server_check_deadlines[0], deadline);
  ASSERT_EQ(site.server_checks.size(), 2U);
  EXPECT_EQ(site.server_checks[1].server, "192.0.2.54:53");
  EXPECT_EQ(dns::server_role(site.server_checks[0].index), "primary");
  EXPECT_EQ(dns::server_role(site.server_checks[1].index), "secondary");
  EXPECT_EQ(site.server_checks[0].lookup.server, "192.0.2.53:53");
  EXPECT_TRUE(ids_of(site, "DNS016").empty());
  EXPECT_TRUE(ids_of(site, "DNS017").empty());
}

TEST(DnsServerCheck, ASilentSecondaryIsAFindingNamingIt)
{
  FakeResolver r;
  healthy_site(r);
  r.per_server = {answered("192.0.2.53:53", srv_answer({{10, "sip1.example.test"}})), silent("192.0.2.54:53")};
  const auto site = run(phone(Transport::tls), r);
  const auto found = ids_of(site, "DNS016");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0], "The secondary DNS server 192.0.2.54:53 gave no usable answer; the primary 192.0.2.53:53 did.");
  EXPECT_TRUE(ids_of(site, "DNS017").empty()); // a silent server does not disagree
}

TEST(DnsServerCheck, AServfailingPrimaryIsAFinding)
{
  FakeResolver r;
  healthy_site(r);
  dns::Message servfail;
  servfail.rcode = 2;
  r.per_server = {answered("192.0.2.53:53", servfail), answered("192.0.2.54:53", srv_answer({{10, "a.example.test"}}))};
  const auto site = run(phone(Transport::tls), r);
  const auto found = ids_of(site, "DNS016");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_NE(found[0].find("The primary DNS server 192.0.2.53:53"), std::string::npos) << found[0];
}

TEST(DnsServerCheck, ServersThatDisagreeAreAFindingButOrderDoesNotCount)
{
  FakeResolver r;
  healthy_site(r);
  r.per_server = {answered("192.0.2.53:53", srv_answer({{10, "a.example.test"}, {20, "b.example.test"}})),
                  answered("192.0.2.54:53", srv_answer({{20, "b.example.test."}, {10, "A.example.test"}}))};
  EXPECT_TRUE(ids_of(run(phone(Transport::tls), r), "DNS017").empty()); // the same records, rotated

  r.per_server[1] = answered("192.0.2.54:53", srv_answer({{10, "a.example.test"}}));
  const auto site = run(phone(Transport::tls), r);
  ASSERT_EQ(ids_of(site, "DNS017").size(), 1U);
  EXPECT_TRUE(ids_of(site, "DNS016").empty());
}

TEST(DnsServerCheck, WhenNoServerAnswersOnlyTheLookupFindingsSpeak)
{
  FakeResolver r;
  healthy_site(r);
  r.per_server = {silent("192.0.2.53:53"), silent("192.0.2.54:53")};
  const auto site = run(phone(Transport::tls), r);
  EXPECT_TRUE(ids_of(site, "DNS016").empty());
  EXPECT_TRUE(ids_of(site, "DNS017").empty());
}

TEST(DnsServerCheck, AnIpLiteralSipServerAsksNothing)
{
  FakeResolver r;
  auto s = phone(Transport::udp);
  s.sip_server = "192.0.2.10";
  s.sip_server_port = 5060;
  r.per_server = {silent("192.0.2.53:53"), silent("192.0.2.54:53")};
  const auto site = run(s, r);
  EXPECT_TRUE(r.server_check_questions.empty());
  EXPECT_TRUE(site.server_checks.empty());
}
