// The one A/AAAA reader (site resolution and the prober): owner names, the
// CNAME chain limit, chase rounds, literals.
#include "core/dns/address_chase.hpp"

#include "core/util/limits.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;
using dns::AddressChase;
using dns::LookupStatus;

namespace {

dns::Record
a(const std::string& owner, const std::string& address)
{
  return dns::Record{owner, dns::rr::a, 300, dns::AddressData{address}};
}

dns::Record
cname(const std::string& owner, const std::string& target)
{
  return dns::Record{owner, dns::rr::cname, 60, dns::CnameData{target}};
}

dns::Reply
reply(std::vector<dns::Record> records, unsigned rcode = 0)
{
  dns::Message m;
  m.rcode = rcode;
  m.answers = std::move(records);
  return dns::Reply{m, {}, {}};
}

dns::Reply
empty()
{
  return reply({});
}

} // namespace

TEST(AddressChase, AskesAAndAaaaThenGivesAFirst)
{
  AddressChase c("sip.example.test");
  ASSERT_EQ(c.questions().size(), 2U);
  EXPECT_EQ(c.questions()[0], (dns::Question{"sip.example.test", dns::rr::a}));
  EXPECT_EQ(c.questions()[1], (dns::Question{"sip.example.test", dns::rr::aaaa}));
  const std::vector<dns::Reply> replies{
    reply({a("sip.example.test", "192.0.2.1")}),
    reply({dns::Record{"sip.example.test", dns::rr::aaaa, 300, dns::AddressData{"2001:db8::1"}}})};
  c.absorb(replies);
  EXPECT_TRUE(c.done());
  const auto h = c.result();
  ASSERT_EQ(h.addresses.size(), 2U);
  EXPECT_FALSE(h.addresses[0].ipv6);
  EXPECT_EQ(h.a.status, LookupStatus::found);
  EXPECT_EQ(h.aaaa.status, LookupStatus::found);
}

TEST(AddressChase, RecordsOwnedByAnotherNameAreIgnored)
{
  // An answer for sip.example.test that carries only a record of another
  // name (out of bailiwick): no address, and nothing else to chase.
  AddressChase c("sip.example.test");
  const std::vector<dns::Reply> replies{reply({a("elsewhere.example", "127.0.0.11")}), empty()};
  c.absorb(replies);
  EXPECT_TRUE(c.done());
  const auto h = c.result();
  EXPECT_TRUE(h.addresses.empty());
  EXPECT_EQ(h.a.status, LookupStatus::nodata);
  EXPECT_EQ(dns::no_address_reason(h), "A only records of other names (ignored); AAAA no records");
}

TEST(AddressChase, CnameGivenWithoutItsAddressIsChasedInAnotherRound)
{
  AddressChase c("alias.example.test");
  const std::vector<dns::Reply> first{reply({cname("alias.example.test", "real.example.test")}),
                                      reply({cname("alias.example.test", "real.example.test")})};
  c.absorb(first);
  ASSERT_FALSE(c.done());
  EXPECT_EQ(c.questions()[0], (dns::Question{"real.example.test", dns::rr::a}));
  // The record of the alias's own name is not the target's: only real.example.test's A counts.
  const std::vector<dns::Reply> second{
    reply({a("alias.example.test", "192.0.2.66"), a("real.example.test", "192.0.2.7")}), empty()};
  c.absorb(second);
  EXPECT_TRUE(c.done());
  const auto h = c.result();
  ASSERT_EQ(h.addresses.size(), 1U);
  EXPECT_EQ(h.addresses[0].address, "192.0.2.7");
  ASSERT_EQ(h.cname_chain.size(), 1U);
  EXPECT_EQ(h.cname_chain[0].target, "real.example.test");
}

TEST(AddressChase, TheChainLimitHoldsAcrossRounds)
{
  AddressChase c("h0.example.test");
  // Every answer is one more CNAME hop: h0 -> h1 -> h2 -> ...
  for (std::size_t round = 0; round < 4 * limits::k_max_cname_chain && !c.done(); ++round) {
    std::vector<dns::Reply> replies;
    for (const auto& q : c.questions()) {
      const std::size_t n = std::stoul(q.name.substr(1, q.name.find('.') - 1));
      replies.push_back(reply({cname(q.name, "h" + std::to_string(n + 1) + ".example.test")}));
    }
    c.absorb(replies);
  }
  EXPECT_TRUE(c.done());
  const auto h = c.result();
  EXPECT_TRUE(h.cname_limit_hit);
  EXPECT_TRUE(h.addresses.empty());
  EXPECT_LE(h.cname_chain.size(), limits::k_max_cname_chain);
  EXPECT_NE(dns::no_address_reason(h).find("CNAME chain longer than"), std::string::npos);
}

TEST(AddressChase, IpLiteralIsItsOwnAddress)
{
  AddressChase c("2001:db8::5");
  EXPECT_TRUE(c.done());
  const auto h = c.result();
  ASSERT_EQ(h.addresses.size(), 1U);
  EXPECT_TRUE(h.addresses[0].ipv6);
}

TEST(AddressChase, ErrorsAreClassified)
{
  AddressChase c("nx.example.test");
  const std::vector<dns::Reply> replies{reply({}, 3), dns::Reply{fail(Errc::timeout, "no answer"), {}, {}}};
  c.absorb(replies);
  const auto h = c.result();
  EXPECT_EQ(h.a.status, LookupStatus::nxdomain);
  EXPECT_EQ(h.aaaa.status, LookupStatus::no_answer);
  EXPECT_EQ(dns::no_address_reason(h), "A NXDOMAIN; AAAA no answer");
}
