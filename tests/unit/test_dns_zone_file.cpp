#include "core/dns/site_dns.hpp"
#include "core/dns/zone_file.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;
using namespace sipsurv::dns;

namespace {

constexpr std::string_view k_zone = R"($ORIGIN example.com.
$TTL 300
@            IN SOA ns1 hostmaster ( 1 7200 3600
                                     1209600 300 )
             IN NS  ns1
_sips._tcp   600 IN SRV 10 0 5061 sip1     ; relative target
             600 IN SRV 20 0 5061 sip2.example.com.
@            IN NAPTR 10 50 "s" "SIPS+D2T" "" _sips._tcp
sip1         IN A     127.0.0.11
sip1         IN AAAA  ::1
sip2         1h A     127.0.0.12
alias        CNAME    sip1
)";

} // namespace

TEST(DnsZoneFile, ReadsRecordsWithOriginTtlAndParentheses)
{
  auto recs = parse_zone(k_zone, "site.zone", "");
  ASSERT_TRUE(recs) << recs.error().message;
  ASSERT_EQ(recs->size(), 7U); // SOA and NS ignored
  EXPECT_EQ((*recs)[0].name, "_sips._tcp.example.com");
  EXPECT_EQ((*recs)[0].ttl, 600U);
  EXPECT_EQ(std::get<SrvData>((*recs)[0].data).target, "sip1.example.com");
  EXPECT_EQ((*recs)[2].type, rr::naptr);
  EXPECT_EQ(std::get<NaptrData>((*recs)[2].data).service, "SIPS+D2T");
  EXPECT_EQ((*recs)[3].ttl, 300U);  // $TTL
  EXPECT_EQ((*recs)[5].ttl, 3600U); // 1h
}

TEST(DnsZoneFile, ResolvesASiteOffline)
{
  auto recs = parse_zone(k_zone, "site.zone", "");
  ASSERT_TRUE(recs);
  ZoneResolver resolver(*recs, "site.zone");
  PhoneSettings s;
  s.sip_gateway = "example.com";
  s.transport = Transport::tls;
  auto plan = make_plan(s);
  ASSERT_TRUE(plan);
  const SiteDns site = resolve_site(s, *plan, resolver, 1, net::TimePoint::max());
  ASSERT_EQ(site.servers.size(), 2U);
  EXPECT_EQ(site.servers[0].target, "sip1.example.com");
  ASSERT_NE(site.servers[0].host, nullptr);
  EXPECT_EQ(site.servers[0].host->addresses.size(), 2U);
  EXPECT_EQ(site.refetch_after, 600U);
  EXPECT_EQ(resolver.describe(), "zone file site.zone");
}

TEST(DnsZoneFile, NxdomainNodataAndCname)
{
  auto recs = parse_zone(k_zone, "site.zone", "");
  ASSERT_TRUE(recs);
  ZoneResolver resolver(*recs, "site.zone");
  const std::vector<Question> qs{
    {"nothere.example.com", rr::a}, {"sip2.example.com", rr::aaaa}, {"alias.example.com", rr::a}};
  const auto replies = resolver.lookup(qs, net::TimePoint::max());
  ASSERT_EQ(replies.size(), 3U);
  EXPECT_EQ(replies[0].outcome->rcode, 3U);
  EXPECT_EQ(replies[1].outcome->rcode, 0U);
  EXPECT_TRUE(replies[1].outcome->answers.empty());
  ASSERT_EQ(replies[2].outcome->answers.size(), 2U); // CNAME, then sip1's A
  EXPECT_EQ(replies[2].outcome->answers[0].type, rr::cname);
  EXPECT_EQ(replies[2].outcome->answers[1].type, rr::a);
}

TEST(DnsZoneFile, ErrorsNameFileLineAndWhatIsAllowed)
{
  const auto unknown = parse_zone("$ORIGIN a.test.\nx IN HINFO a b\n", "z.zone", "");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message.substr(0, 9), "z.zone:2:");
  EXPECT_NE(unknown.error().message.find("allowed: A, AAAA"), std::string::npos);
  EXPECT_FALSE(parse_zone("x IN A 127.0.0.1\n", "z", "")); // relative without $ORIGIN
  EXPECT_FALSE(parse_zone("x.test. IN A 300.0.0.1\n", "z", ""));
  EXPECT_FALSE(parse_zone("x.test. IN SRV 1 2 x.test.\n", "z", ""));
  EXPECT_FALSE(parse_zone("x.test. IN SRV ( 1 2 3 x.test.\n", "z", ""));
  EXPECT_FALSE(parse_zone("$INCLUDE other\n", "z", ""));
}
