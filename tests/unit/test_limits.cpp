// Each limit of core/util/limits.hpp is checked where it applies, and
// hitting it is reported (an error or a finding), never silent.
#include "cli/app.hpp"
#include "core/dns/answer_walker.hpp"
#include "core/dns/server_address.hpp"
#include "core/dns/site_dns.hpp"
#include "core/dns/zone_file.hpp"
#include "core/model/scenario.hpp"
#include "core/sip/sip_uri.hpp"
#include "core/util/join.hpp"
#include "core/util/limits.hpp"
#include "fakes/dns_wire.hpp"
#include "fakes/fake_resolver.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace sipsurv;
using sipsurv::test::DnsWire;
using sipsurv::test::FakeResolver;

namespace {

PhoneSettings
udp_phone()
{
  PhoneSettings s;
  s.sip_gateway = "example.test";
  s.transport = Transport::udp;
  return s;
}

dns::SiteDns
resolve(FakeResolver& r)
{
  const PhoneSettings s = udp_phone();
  return dns::resolve_site(s, *dns::make_plan(s), r, 1, net::TimePoint::max());
}

const report::Finding*
finding(const dns::SiteDns& site, std::string_view id)
{
  const auto it = std::find_if(site.findings.begin(), site.findings.end(), [&](auto& f) { return f.id == id; });
  return it == site.findings.end() ? nullptr : &*it;
}

// A chain target -> c1 -> … -> c<hops> -> 127.0.0.9, one hop per answer.
FakeResolver
cname_chain(std::size_t hops)
{
  FakeResolver r;
  r.add_empty("example.test", dns::rr::naptr);
  r.add_srv("_sip._udp.example.test", 300, 10, 0, 5060, "c0.example.test");
  for (std::size_t i = 0; i < hops; ++i) {
    r.add_cname("c" + std::to_string(i) + ".example.test", 60, "c" + std::to_string(i + 1) + ".example.test");
  }
  r.add_a("c" + std::to_string(hops) + ".example.test", 60, "127.0.0.9");
  return r;
}

struct TempFile {
  std::string path = "/tmp/sipsurv-limits-" + std::to_string(::getpid()) + ".ini";
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { ::unlink(path.c_str()); }
};

cli::ParseOutcome
parse_with_phone_file(const std::string& path, cli::Args& args)
{
  return cli::parse_command_line({"sipsurv", "resolve", "example.test", "--phone", path}, args);
}

} // namespace

TEST(Limits, TableListsEveryLimitOnceWithAValue)
{
  std::set<std::string_view> names;
  for (const auto& l : limits::k_limit_table) {
    EXPECT_TRUE(names.insert(l.name).second) << l.name;
    EXPECT_GT(l.value, 0U) << l.name;
    EXPECT_FALSE(l.description.empty()) << l.name;
  }
  // One row per k_max_ constant declared in the header, counted from its
  // source so that a new limit without a documented row fails here.
  std::ifstream header(SIPSURV_SOURCE_DIR "/core/util/limits.hpp");
  ASSERT_TRUE(header);
  std::size_t constants = 0;
  for (std::string line; std::getline(header, line);) {
    if (line.starts_with("inline constexpr std::size_t k_max_")) {
      ++constants;
    }
  }
  EXPECT_GE(constants, 25U);
  EXPECT_EQ(names.size(), constants);
}

TEST(Limits, DnsMessageSize)
{
  std::vector<unsigned char> big = DnsWire().question("example.test", dns::rr::srv).finish();
  big.resize(limits::k_max_dns_message + 1, 0);
  const auto r = dns::walk_answer(big);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Errc::limit);
  EXPECT_NE(r.error().message.find("65535"), std::string::npos) << r.error().message;

  big.resize(limits::k_max_dns_message); // at the limit: walked (the padding is ignored)
  EXPECT_TRUE(dns::walk_answer(big).has_value());
}

TEST(Limits, RecordsPerAnswerAreCountedNotDropped)
{
  DnsWire w;
  w.question("_sip._udp.example.test", dns::rr::srv);
  const std::size_t sent = limits::k_max_records_per_answer + 76;
  for (std::size_t i = 0; i < sent; ++i) {
    w.srv("_sip._udp.example.test", 60, 1, 1, 5060, "t.example.test");
  }
  const auto r = dns::walk_answer(w.finish());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->answers.size(), limits::k_max_records_per_answer);
  EXPECT_EQ(r->records_over_limit, 76U);
}

TEST(Limits, SrvRecordsPerNameGiveAFinding)
{
  FakeResolver r;
  r.add_empty("example.test", dns::rr::naptr);
  for (std::size_t i = 0; i < limits::k_max_srv_records + 10; ++i) {
    r.add_srv("_sip._udp.example.test", 300, 10, 1, 5060, "sip" + std::to_string(i % 3) + ".example.test");
  }
  r.add_a("sip0.example.test", 60, "127.0.0.10");
  const auto site = resolve(r);
  ASSERT_NE(site.phone_srv_set(), nullptr);
  EXPECT_EQ(site.phone_srv_set()->records.size(), limits::k_max_srv_records);
  const auto* f = finding(site, "DNS014");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->evidence.find("more than 256 SRV records"), std::string::npos) << f->evidence;
}

TEST(Limits, CnameChainAtTheLimitResolves)
{
  FakeResolver r = cname_chain(limits::k_max_cname_chain);
  const auto site = resolve(r);
  const auto* host = site.find_host("c0.example.test");
  ASSERT_NE(host, nullptr);
  EXPECT_FALSE(host->cname_limit_hit);
  ASSERT_EQ(host->addresses.size(), 1U);
  EXPECT_EQ(host->addresses[0].address, "127.0.0.9");
  EXPECT_EQ(host->cname_chain.size(), limits::k_max_cname_chain);
  EXPECT_EQ(finding(site, "DNS014"), nullptr);
}

// Found while writing these tests: the limit held per answer, so a chain
// split over answers grew to 9 hops (and up to 8 per round in longer answers).
TEST(Limits, CnameChainPastTheLimitIsReportedAndNotFollowed)
{
  FakeResolver r = cname_chain(limits::k_max_cname_chain + 1);
  const auto site = resolve(r);
  const auto* host = site.find_host("c0.example.test");
  ASSERT_NE(host, nullptr);
  EXPECT_TRUE(host->cname_limit_hit);
  EXPECT_TRUE(host->addresses.empty());
  EXPECT_LE(host->cname_chain.size(), limits::k_max_cname_chain);
  const auto* f = finding(site, "DNS014");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->evidence.find("CNAME chain longer than the limit"), std::string::npos) << f->evidence;
}

TEST(Limits, CnameChainInOneAnswerCountsEveryHop)
{
  FakeResolver r;
  r.add_empty("example.test", dns::rr::naptr);
  r.add_srv("_sip._udp.example.test", 300, 10, 0, 5060, "c0.example.test");
  // One answer carries the whole chain of 12 hops and the address.
  for (std::size_t i = 0; i < 12; ++i) {
    r.add("c0.example.test", dns::rr::a,
          dns::Record{"c" + std::to_string(i) + ".example.test", dns::rr::cname, 60,
                      dns::CnameData{"c" + std::to_string(i + 1) + ".example.test"}});
  }
  r.add("c0.example.test", dns::rr::a, dns::Record{"c12.example.test", dns::rr::a, 60, dns::AddressData{"127.0.0.9"}});
  r.add_empty("c0.example.test", dns::rr::aaaa);
  const auto site = resolve(r);
  const auto* host = site.find_host("c0.example.test");
  ASSERT_NE(host, nullptr);
  EXPECT_TRUE(host->cname_limit_hit);
  EXPECT_TRUE(host->addresses.empty());
  EXPECT_EQ(host->cname_chain.size(), limits::k_max_cname_chain);
}

TEST(Limits, DomainLength)
{
  std::string name;
  while (name.size() < limits::k_max_domain_length) {
    name += name.empty() ? "a" : ".a";
  }
  ASSERT_EQ(name.size(), limits::k_max_domain_length);
  EXPECT_TRUE(dns::validate_domain(name).has_value());
  const auto longer = dns::validate_domain(name + "b");
  ASSERT_FALSE(longer.has_value());
  EXPECT_NE(longer.error().message.find("longer than 253"), std::string::npos) << longer.error().message;
}

TEST(Limits, PhoneFileSize)
{
  TempFile file;
  {
    std::ofstream out(file.path);
    out << "transport = tls\n";
    out << std::string(limits::k_max_phone_file, '#') << "\n"; // one comment line past the limit
  }
  cli::Args args;
  const auto out = parse_with_phone_file(file.path, args);
  EXPECT_TRUE(out.exit_now);
  EXPECT_EQ(out.exit_code, 64);
  EXPECT_NE(out.error.find("larger than " + std::to_string(limits::k_max_phone_file) + " bytes"), std::string::npos)
    << out.error;

  {
    std::ofstream small(file.path, std::ios::trunc);
    small << "transport = tls\n";
  }
  cli::Args ok_args;
  const auto ok = parse_with_phone_file(file.path, ok_args);
  EXPECT_FALSE(ok.exit_now) << ok.error;
  EXPECT_EQ(ok_args.settings.transport, sipsurv::Transport::tls);
}

TEST(Limits, PhoneFileThatNeverEnds)
{
  cli::Args args;
  const auto out = parse_with_phone_file("/dev/zero", args);
  EXPECT_TRUE(out.exit_now);
  EXPECT_EQ(out.exit_code, 64);
  EXPECT_NE(out.error.find("--phone"), std::string::npos) << out.error;
}

// The limits that used to live beside their users are the same values, so
// a change in limits.hpp (and the man page) is a change in behaviour.
TEST(Limits, UsersReferToTheTable)
{
  EXPECT_EQ(dns::k_max_zone_line, limits::k_max_zone_line);
  EXPECT_EQ(dns::k_max_zone_records, limits::k_max_zone_records);
  EXPECT_EQ(model::k_max_scenario_line, limits::k_max_scenario_line);
  EXPECT_EQ(model::k_max_scenario_steps, limits::k_max_scenario_steps);
  EXPECT_EQ(static_cast<std::size_t>(model::k_max_scenario_time), limits::k_max_scenario_time_ms);
}

TEST(Limits, ZoneLineLength)
{
  const std::string name(limits::k_max_zone_line, 'a');
  const auto r = dns::parse_zone("$ORIGIN example.test.\n; " + name + "\n", "big.zone", "");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "big.zone:2: line longer than 4096 characters");
  const std::string at_limit = "; " + std::string(limits::k_max_zone_line - 2, 'a') + "\n";
  EXPECT_TRUE(dns::parse_zone(at_limit, "ok.zone", "example.test.").has_value());
}

TEST(Limits, ScenarioLineLengthAndTime)
{
  const auto r = model::parse_scenario("0s down sip1.example.test # " + std::string(limits::k_max_scenario_line, 'x'),
                                       "long.scenario");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("line longer than 1024 characters"), std::string::npos) << r.error().message;
  EXPECT_TRUE(model::parse_duration("604800s").has_value()); // one week: the limit itself
  EXPECT_FALSE(model::parse_duration("604801s").has_value());
}

TEST(Limits, ScenarioEvents)
{
  std::string text;
  for (std::size_t i = 0; i <= limits::k_max_scenario_steps; ++i) {
    text += "1s call\n";
  }
  const auto r = model::parse_scenario(text, "many.scenario");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("more than 10000 events"), std::string::npos) << r.error().message;
}

TEST(Limits, TargetAndLabelLength)
{
  EXPECT_FALSE(sip::parse_target(std::string(limits::k_max_target_length + 1, 'a')).has_value());
  const auto r = sip::parse_target(std::string(limits::k_max_target_length + 1, 'a'));
  EXPECT_EQ(r.error().message, "target longer than 1024 characters");
  const std::string label(limits::k_max_label_length, 'a');
  EXPECT_TRUE(dns::validate_domain(label + ".test").has_value());
  const auto longer = dns::validate_domain(label + "a.test");
  ASSERT_FALSE(longer.has_value());
  EXPECT_NE(longer.error().message.find("label longer than 63 characters"), std::string::npos)
    << longer.error().message;
}

TEST(Limits, EvidenceItemsAreCountedNotDropped)
{
  const std::vector<std::string> names{"a", "b", "c", "d", "e", "f", "g"};
  ASSERT_EQ(limits::k_max_evidence_items, 5U);
  EXPECT_EQ(join_limited(names), "a, b, c, d, e and 2 more");
  EXPECT_EQ(join_limited(std::span(names).first(5)), "a, b, c, d, e");
}
