#include "core/dns/answer_walker.hpp"
#include "core/dns/records.hpp"

#include "tests/unit/fakes/dns_wire.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;
using sipsurv::test::DnsWire;

TEST(AnswerWalker, ReadsSrvWithTtl)
{
  const auto bytes = DnsWire{}
                       .question("_sips._tcp.example.test", 33)
                       .srv("_sips._tcp.example.test", 300, 10, 60, 5061, "sip1.example.test")
                       .srv("_sips._tcp.example.test", 300, 20, 0, 5061, "sip2.example.test")
                       .finish();
  auto m = dns::walk_answer(bytes);
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_EQ(m->answers.size(), 2U);
  EXPECT_EQ(m->answers[0].ttl, 300U);
  EXPECT_EQ(m->answers[0].name, "_sips._tcp.example.test");
  const auto& d = std::get<dns::SrvData>(m->answers[0].data);
  EXPECT_EQ(d, (dns::SrvData{10, 60, 5061, "sip1.example.test"}));
}

TEST(AnswerWalker, ReadsNaptrCnameAndA)
{
  const auto bytes = DnsWire{}
                       .question("example.test", 35)
                       .naptr("example.test", 3600, 10, 50, "s", "SIPS+D2T", "", "_sips._tcp.example.test")
                       .cname("alias.example.test", 60, "real.example.test")
                       .a("real.example.test", 120, 127, 0, 0, 11)
                       .finish();
  auto m = dns::walk_answer(bytes);
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_EQ(m->answers.size(), 3U);
  const auto& n = std::get<dns::NaptrData>(m->answers[0].data);
  EXPECT_EQ(n.service, "SIPS+D2T");
  EXPECT_EQ(n.flags, "s");
  EXPECT_EQ(n.replacement, "_sips._tcp.example.test");
  EXPECT_EQ(std::get<dns::CnameData>(m->answers[1].data).target, "real.example.test");
  EXPECT_EQ(std::get<dns::AddressData>(m->answers[2].data).address, "127.0.0.11");
  EXPECT_EQ(m->answers[2].ttl, 120U);
}

TEST(AnswerWalker, RootTargetIsDot)
{
  const auto bytes = DnsWire{}.question("_sip._udp.x.test", 33).srv("_sip._udp.x.test", 60, 0, 0, 0, "").finish();
  auto m = dns::walk_answer(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(std::get<dns::SrvData>(m->answers[0].data).target, ".");
}

TEST(AnswerWalker, ReportsRcodeAndFlags)
{
  const auto bytes = DnsWire{3}.question("nope.test", 33).finish();
  auto m = dns::walk_answer(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->rcode, 3U);
  EXPECT_TRUE(m->answers.empty());
}

TEST(AnswerWalker, TtlWithTopBitIsZero)
{
  const auto bytes = DnsWire{}.question("a.test", 1).a("a.test", 0x80000001U, 127, 0, 0, 1).finish();
  auto m = dns::walk_answer(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->answers[0].ttl, 0U);
}

TEST(AnswerWalker, RejectsShortHeader)
{
  const std::vector<unsigned char> bytes{0x12, 0x34, 0x80};
  auto m = dns::walk_answer(bytes);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, Errc::protocol);
  EXPECT_NE(m.error().message.find("header"), std::string::npos);
}

TEST(AnswerWalker, RejectsQuery)
{
  auto bytes = DnsWire{}.question("a.test", 1).finish();
  bytes[2] = 0; // clear QR
  EXPECT_FALSE(dns::walk_answer(bytes));
}

TEST(AnswerWalker, RejectsRdataPastTheEnd)
{
  auto bytes = DnsWire{}.question("a.test", 1).a("a.test", 1, 127, 0, 0, 1).finish();
  bytes.resize(bytes.size() - 2); // cut the address short
  auto m = dns::walk_answer(bytes);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("runs past the end"), std::string::npos);
}

TEST(AnswerWalker, RejectsWrongAddressLength)
{
  auto wire = DnsWire{};
  wire.question("a.test", 1).record("a.test", 1, 60).raw({127, 0, 0}).end_record();
  auto m = dns::walk_answer(wire.finish());
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("3 bytes"), std::string::npos);
}

TEST(AnswerWalker, RejectsSrvTargetLongerThanRecord)
{
  auto wire = DnsWire{};
  // rdlength says 8 but the name that follows is longer.
  wire.question("s.test", 33).record("s.test", 33, 60).u16(1).u16(1).u16(5060).raw({1, 'a', 0}).end_record();
  auto bytes = wire.finish();
  // Shrink the rdlength by one so the name runs past its record.
  const std::size_t rdlen_at = bytes.size() - 9 - 2;
  bytes[rdlen_at + 1] = static_cast<unsigned char>(bytes[rdlen_at + 1] - 1);
  bytes.pop_back();
  auto m = dns::walk_answer(bytes);
  EXPECT_FALSE(m);
}

TEST(AnswerWalker, RejectsCompressionLoop)
{
  auto wire = DnsWire{};
  wire.u16(0); // patched below
  auto bytes = DnsWire{}.finish();
  bytes[7] = 1; // one answer
  // Owner name is a pointer to itself at offset 12.
  bytes.insert(bytes.end(), {0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4});
  EXPECT_FALSE(dns::walk_answer(bytes));
}

TEST(AnswerWalker, LyingAnswerCountIsAnError)
{
  const auto bytes = DnsWire{}.question("a.test", 1).a("a.test", 1, 127, 0, 0, 1).set_ancount(5).finish();
  EXPECT_FALSE(dns::walk_answer(bytes));
}

TEST(AnswerWalker, TruncatedAnswerKeepsWhatFits)
{
  auto bytes = DnsWire{0, true}.question("a.test", 1).a("a.test", 1, 127, 0, 0, 1).set_ancount(3).finish();
  auto m = dns::walk_answer(bytes);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->truncated);
  EXPECT_EQ(m->answers.size(), 1U);
}

TEST(AnswerWalker, EveryPrefixOfAValidAnswerIsHandled)
{
  const auto full = DnsWire{}
                      .question("_sips._tcp.example.test", 33)
                      .srv("_sips._tcp.example.test", 300, 10, 60, 5061, "sip1.example.test")
                      .naptr("example.test", 3600, 10, 50, "s", "SIPS+D2T", "", "_sips._tcp.example.test")
                      .finish();
  for (std::size_t n = 0; n < full.size(); ++n) {
    const std::vector<unsigned char> cut(full.begin(), full.begin() + static_cast<long>(n));
    auto m = dns::walk_answer(cut);
    // A prefix is never a complete answer, so it must be rejected, not crash.
    EXPECT_FALSE(m) << "prefix of " << n << " bytes";
  }
}

// The root dot goes, an escaped dot inside a label stays: normalizing twice
// changes nothing (found by fuzz_dns_answer: "x\.." became "x\." then "x\").
TEST(DnsNames, NormalizeKeepsAnEscapedDotAndIsIdempotent)
{
  EXPECT_EQ(dns::normalize_name("SIP1.Example.Test."), "sip1.example.test");
  EXPECT_EQ(dns::normalize_name("."), ".");
  EXPECT_EQ(dns::normalize_name("x\\.."), "x\\.");
  EXPECT_EQ(dns::normalize_name("x\\."), "x\\.");
  EXPECT_EQ(dns::normalize_name("x\\\\."), "x\\\\"); // an escaped backslash, then the root
  for (std::string_view name : {"a.b.", "x\\..", "x\\\\\\..", "\\..", ".."}) {
    const std::string once = dns::normalize_name(name);
    EXPECT_EQ(dns::normalize_name(once), once) << name;
  }
  EXPECT_FALSE(dns::same_name("x\\.", "x\\"));
}
