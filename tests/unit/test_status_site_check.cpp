#include "core/status/site_check.hpp"

#include "tests/unit/fakes/branch_site.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace sipsurv;
using sipsurv::test::add_branch_site;
using sipsurv::test::FakeResolver;
using sipsurv::test::run_check_site;
using sipsurv::test::ScriptedNetwork;

namespace {

PhoneSettings
phone()
{
  PhoneSettings s;
  s.sip_gateway = "site.test";
  s.transport = Transport::udp;
  return s;
}

// Settings without a risky value: recommended timers, a backup, TCP with a
// connectivity check (a dead UDP server is noticed late), so only
// what the probes show decides the state (defaults raise SIM warnings,
// which make a healthy site DEGRADED).
PhoneSettings
tuned_phone()
{
  PhoneSettings s = phone();
  s.response_timer = k_recommended_response_timer;
  s.non_invite_timer = k_recommended_non_invite_timer;
  s.backup_proxy = HostPort{"127.0.0.9", 0};
  s.connectivity_check = std::chrono::seconds(30);
  s.transport = Transport::tcp;
  return s;
}

void
two_servers(FakeResolver& r)
{
  add_branch_site(r, "site.test", {"_sip._udp", "_sip._tcp"}, "127.0.0.1", "127.0.0.2");
}

std::string
ids(const status::SiteCheck& c)
{
  std::string out;
  for (const auto& f : c.summary.findings) {
    out += f.id + " " + f.evidence + "; ";
  }
  return out;
}

bool
has(const status::SiteCheck& c, std::string_view id)
{
  const auto& f = c.summary.findings;
  return std::any_of(f.begin(), f.end(), [&](const auto& x) { return x.id == id; });
}

} // namespace

TEST(SiteCheck, BothAnswerIsNormalAndProbesEveryServerOnce)
{
  FakeResolver r;
  two_servers(r);
  ScriptedNetwork net{{{"127.0.0.1", 200}, {"127.0.0.2", 200}, {"127.0.0.9", 200}}, {}, {}};
  const auto c = run_check_site(tuned_phone(), r, net);
  EXPECT_EQ(c.summary.verdict.state, status::SiteState::normal) << ids(c);
  ASSERT_EQ(net.seen.size(), 3U);
  EXPECT_EQ(net.seen[0].address, "127.0.0.1");
  EXPECT_EQ(net.seen[0].transport, Transport::tcp);
  EXPECT_EQ(net.seen[2].transport, Transport::udp); // the backup's own transport
  ASSERT_EQ(c.summary.probes.size(), 3U);
  EXPECT_EQ(c.summary.probes[0].rtt_ms, 2.5);
  EXPECT_FALSE(c.simulation.out_of_service);
}

TEST(SiteCheck, RiskyDefaultsDegradeAHealthySite)
{
  FakeResolver r;
  two_servers(r);
  ScriptedNetwork net{{{"127.0.0.1", 200}, {"127.0.0.2", 200}}, {}, {}};
  const auto c = run_check_site(phone(), r, net);
  EXPECT_EQ(c.summary.verdict.state, status::SiteState::degraded);
  EXPECT_TRUE(has(c, "SIM001"));
}

TEST(SiteCheck, FirstSilentIsFailover)
{
  FakeResolver r;
  two_servers(r);
  ScriptedNetwork net{{{"127.0.0.2", 200}}, {}, {}};
  const auto c = run_check_site(phone(), r, net);
  EXPECT_EQ(c.summary.verdict.state, status::SiteState::failover);
  EXPECT_EQ(c.summary.verdict.serving, 1U);
  EXPECT_TRUE(has(c, "STA001"));
  // Findings come most severe first.
  EXPECT_TRUE(std::is_sorted(c.summary.findings.begin(), c.summary.findings.end(), [](const auto& a, const auto& b) {
    return static_cast<int>(a.severity) > static_cast<int>(b.severity);
  }));
}

TEST(SiteCheck, BackupIsProbedOverItsTransport)
{
  FakeResolver r;
  two_servers(r);
  auto s = phone();
  s.backup_proxy = HostPort{"127.0.0.9", 0};
  s.backup_transport = Transport::tcp;
  ScriptedNetwork net{{{"127.0.0.9", 200}}, {}, {}};
  const auto c = run_check_site(s, r, net);
  ASSERT_EQ(net.seen.size(), 3U);
  EXPECT_EQ(net.seen[2].role, "backup");
  EXPECT_EQ(net.seen[2].transport, Transport::tcp);
  EXPECT_EQ(net.seen[2].port, 5060);
  EXPECT_EQ(net.seen[2].address, "127.0.0.9");
  EXPECT_EQ(c.summary.verdict.state, status::SiteState::backup);
  EXPECT_TRUE(c.simulation.on_backup);
}

TEST(SiteCheck, ProxyTraceTowardThePrimary)
{
  FakeResolver r;
  two_servers(r);
  auto s = tuned_phone();
  s.survivability_proxy = "proxy.site.test";
  // The proxy answers Max-Forwards 0 itself; 1 and 2 come from the primary.
  ScriptedNetwork net{{{"127.0.0.1", 200}, {"127.0.0.2", 200}, {"127.0.0.9", 200}},
                      {{0, {483, "proxy"}}, {1, {483, "primary"}}, {2, {200, "primary"}}},
                      {}};
  const auto c = run_check_site(s, r, net);
  ASSERT_EQ(c.proxy_hops.size(), 3U);
  EXPECT_EQ(c.proxy_hops[1].spec.request_uri, "sip:primary.site.test:5060");
  EXPECT_EQ(c.proxy_hops[1].spec.address, "127.0.0.1");
  EXPECT_EQ(c.summary.proxy.mode, status::ProxyMode::relaying);
  EXPECT_EQ(c.summary.verdict.state, status::SiteState::normal) << ids(c);
}

TEST(SiteCheck, ProxyAnsweringEverythingItselfStandsIn)
{
  FakeResolver r;
  two_servers(r);
  auto s = phone();
  s.survivability_proxy = "proxy.site.test";
  ScriptedNetwork net{{{"127.0.0.1", 200}}, {{0, {483, "proxy"}}, {1, {200, "proxy"}}, {2, {200, "proxy"}}}, {}};
  const auto c = run_check_site(s, r, net);
  EXPECT_EQ(c.summary.proxy.mode, status::ProxyMode::standing_in);
  EXPECT_EQ(c.summary.verdict.state, status::SiteState::survivable);
  EXPECT_TRUE(has(c, "STA004"));
  EXPECT_TRUE(c.simulation.survivable_mode);
}

TEST(SiteCheck, IndicatorDetectsTheProxyWithoutConfiguration)
{
  FakeResolver r;
  two_servers(r);
  ScriptedNetwork net{{{"127.0.0.1", 200}}, {{0, {483, "proxy"}}, {1, {200, "proxy"}}, {2, {200, "proxy"}}}, {}};
  const auto c = run_check_site(phone(), r, net, "Server: srv-127.0.0.1");
  EXPECT_TRUE(c.proxy_detected);
  EXPECT_EQ(c.proxy_target, "proxy.site.test");
  EXPECT_EQ(c.summary.proxy.mode, status::ProxyMode::standing_in);
  // No indicator given: nothing is detected and no trace is sent.
  ScriptedNetwork quiet{{{"127.0.0.1", 200}}, {}, {}};
  const auto plain = run_check_site(phone(), r, quiet);
  EXPECT_FALSE(plain.proxy_detected);
  EXPECT_EQ(quiet.seen.size(), 2U);
}

TEST(SiteCheck, NoDnsAnswerIsUnknownWithoutProbing)
{
  FakeResolver r;
  r.fail_everything(Error{Errc::timeout, "no answer"});
  ScriptedNetwork net;
  const auto c = run_check_site(phone(), r, net);
  EXPECT_EQ(c.summary.verdict.state, status::SiteState::unknown);
  EXPECT_TRUE(net.seen.empty());
}

TEST(SiteCheck, RunnerErrorIsReturned)
{
  FakeResolver r;
  two_servers(r);
  auto plan = dns::make_plan(phone());
  const status::ProbeRunner failing =
    [](const std::vector<probe::ProbeSpec>&) -> Result<std::vector<probe::ProbeResult>> {
    return std::unexpected(Error{Errc::usage, "--ca-file x: cannot read it"});
  };
  auto result = status::check_site(phone(), *plan, r, failing, {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::usage);
}

// Issue 17 (PHONE-MODEL.md "What the manual settles", item 9): with the
// outbound proxy flag off the phone does not route through the SRV list,
// and status says so on a site that relies on SRV.
TEST(SiteCheck, OutboundProxyOffRaisesSim011)
{
  FakeResolver r;
  two_servers(r);
  ScriptedNetwork net{{{"127.0.0.1", 200}, {"127.0.0.2", 200}, {"127.0.0.9", 200}}, {}, {}};
  PhoneSettings s = tuned_phone();
  EXPECT_FALSE(has(run_check_site(s, r, net), "SIM011"));
  s.outbound_proxy = false;
  ScriptedNetwork again{{{"127.0.0.1", 200}, {"127.0.0.2", 200}, {"127.0.0.9", 200}}, {}, {}};
  const auto c = run_check_site(s, r, again);
  EXPECT_TRUE(has(c, "SIM011")) << ids(c);
  EXPECT_NE(c.summary.verdict.state, status::SiteState::normal) << ids(c);
}

TEST(SiteCheck, ResolutionUsesTheRoundsDeadline)
{
  FakeResolver r;
  add_branch_site(r, "site.test", {"_sip._udp"}, "127.0.0.2", "127.0.0.3");
  ScriptedNetwork network;
  const PhoneSettings s = phone();
  status::CheckOptions options;
  options.probe.deadline = net::TimePoint{} + std::chrono::hours(7);
  auto result = status::check_site(s, *dns::make_plan(s), r, network.runner(), options);
  ASSERT_TRUE(result);
  ASSERT_FALSE(r.deadlines.empty());
  EXPECT_TRUE(std::all_of(r.deadlines.begin(), r.deadlines.end(), [&](auto d) { return d == options.probe.deadline; }));
}

namespace {

// A TLS branch site: proxy.site.test (priority 10, 127.0.0.1) before
// primary.site.test (priority 20, 127.0.0.2), both answering 200.
PhoneSettings
tls_phone()
{
  PhoneSettings s = tuned_phone();
  s.transport = Transport::tls;
  return s;
}

// A certificate as the TLS adapter summarises it: verified, for `names`
// (DNS SANs), checked for the SIP domain site.test and the SRV target.
tls::TlsSummary
certificate(const std::string& target, std::vector<std::string> names)
{
  tls::TlsSummary t;
  t.protocol = "TLSv1.3";
  tls::CertInfo leaf;
  leaf.dns_sans = std::move(names);
  t.chain.push_back(leaf);
  t.verified = true;
  t.system_trust = true;
  t.domain = "site.test";
  t.domain_match = tls::match_sip_domain(leaf, t.domain);
  t.target = target;
  t.target_match = std::find(leaf.dns_sans.begin(), leaf.dns_sans.end(), target) != leaf.dns_sans.end();
  t.days_left = 300;
  return t;
}

status::SiteCheck
tls_check(ScriptedNetwork& net)
{
  FakeResolver r;
  add_branch_site(r, "site.test", {"_sips._tcp"}, "127.0.0.1", "127.0.0.2");
  net.status_by_address = {{"127.0.0.1", 200}, {"127.0.0.2", 200}, {"127.0.0.9", 200}};
  return run_check_site(tls_phone(), r, net);
}

} // namespace

TEST(SiteCheck, GoodCertificatesAreNormal)
{
  ScriptedNetwork net;
  net.tls_by_address = {{"127.0.0.1", certificate("proxy.site.test", {"site.test", "proxy.site.test"})},
                        {"127.0.0.2", certificate("primary.site.test", {"site.test", "primary.site.test"})}};
  const auto c = tls_check(net);
  EXPECT_EQ(c.summary.verdict.state, status::SiteState::normal) << c.summary.verdict.reason << " / " << ids(c);
  EXPECT_EQ(c.summary.verdict.serving, std::optional<std::size_t>(0));
  EXPECT_EQ(c.simulation.registered, std::optional<std::size_t>(0));
}

TEST(SiteCheck, ACertificateFailingTheIdentityCheckFailsOver)
{
  ScriptedNetwork net;
  // The priority-10 server answers 200, but its certificate names only itself:
  // the phone checks the SIP domain (openscape-cp's cert_identity) and refuses it.
  net.tls_by_address = {{"127.0.0.1", certificate("proxy.site.test", {"proxy.site.test"})},
                        {"127.0.0.2", certificate("primary.site.test", {"site.test", "primary.site.test"})}};
  const auto c = tls_check(net);
  const auto& v = c.summary.verdict;
  EXPECT_EQ(v.state, status::SiteState::failover) << v.reason;
  EXPECT_EQ(v.serving, std::optional<std::size_t>(1));
  EXPECT_NE(v.reason.find("proxy.site.test:5060 certificate rejected: identity: the SIP domain site.test"),
            std::string::npos)
    << v.reason;
  EXPECT_EQ(c.summary.probes[0].state, "ok"); // the probe itself got its 200
  // Status' Simulation section starts from the same judgement.
  EXPECT_EQ(c.simulation.registered, std::optional<std::size_t>(1));
  EXPECT_TRUE(has(c, "STA001"));
  EXPECT_TRUE(has(c, "TLS003")) << ids(c);
}

TEST(SiteCheck, AnUnverifiedChainIsRefusedWithOrWithoutInsecure)
{
  for (const bool insecure : {false, true}) {
    ScriptedNetwork net;
    net.insecure = insecure;
    tls::TlsSummary bad = certificate("proxy.site.test", {"site.test", "proxy.site.test"});
    bad.verified = false;
    bad.verify_error = "unable to get local issuer certificate";
    net.tls_by_address = {{"127.0.0.1", bad},
                          {"127.0.0.2", certificate("primary.site.test", {"site.test", "primary.site.test"})}};
    const auto c = tls_check(net);
    const auto& v = c.summary.verdict;
    EXPECT_EQ(c.summary.probes[0].state, insecure ? "ok" : "cert-invalid");
    EXPECT_EQ(v.state, status::SiteState::failover) << insecure << ": " << v.reason;
    EXPECT_EQ(v.serving, std::optional<std::size_t>(1)) << insecure;
    EXPECT_EQ(c.simulation.registered, std::optional<std::size_t>(1)) << insecure;
    EXPECT_NE(v.reason.find("certificate rejected: chain not verified: unable to get local issuer certificate"),
              std::string::npos)
      << v.reason;
    // Verified against the system store only: the reason says how to give the site's CA.
    EXPECT_NE(v.reason.find("--ca-file"), std::string::npos) << v.reason;
    EXPECT_TRUE(has(c, "TLS001")) << ids(c);
  }
}

TEST(SiteCheck, AnExpiredCertificateIsRefused)
{
  ScriptedNetwork net;
  tls::TlsSummary old = certificate("proxy.site.test", {"site.test"});
  old.days_left = -3;
  net.tls_by_address = {{"127.0.0.1", old},
                        {"127.0.0.2", certificate("primary.site.test", {"site.test", "primary.site.test"})}};
  const auto c = tls_check(net);
  EXPECT_EQ(c.summary.verdict.state, status::SiteState::failover);
  EXPECT_NE(c.summary.verdict.reason.find("expired 3 days ago"), std::string::npos) << c.summary.verdict.reason;
}
