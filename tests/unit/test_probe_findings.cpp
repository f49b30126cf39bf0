#include "core/probe/probe_findings.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace sipsurv;
using probe::ProbeResult;
using probe::ProbeState;

namespace {

ProbeResult
result(ProbeState state, Transport t = Transport::udp)
{
  ProbeResult r;
  r.spec.target = "sip1.example.test";
  r.spec.port = t == Transport::tls ? 5061 : 5060;
  r.spec.transport = t;
  r.address = "127.0.0.11";
  r.state = state;
  return r;
}

std::vector<std::string>
ids(const std::vector<report::Finding>& f)
{
  std::vector<std::string> out;
  for (const auto& x : f) {
    out.push_back(x.id);
  }
  return out;
}

tls::TlsSummary
good_tls()
{
  tls::TlsSummary t;
  t.protocol = "TLSv1.3";
  t.verified = true;
  t.domain = "example.test";
  t.target = "sip1.example.test";
  t.domain_match.source = tls::IdentitySource::dns_san;
  t.target_match = true;
  t.days_left = 200;
  t.chain.push_back(tls::CertInfo{});
  return t;
}

} // namespace

TEST(ProbeFindings, HealthyProbesGiveNone)
{
  auto r = result(ProbeState::ok, Transport::tls);
  r.tls = good_tls();
  std::vector<ProbeResult> rs{result(ProbeState::ok), r};
  EXPECT_TRUE(probe::derive_probe_findings(rs, std::chrono::days(30)).empty());
}

TEST(ProbeFindings, SipStates)
{
  auto u = result(ProbeState::unavailable);
  u.response = sip::SipResponse{};
  u.response->status = 503;
  u.response->retry_after = 60;
  std::vector<ProbeResult> rs{result(ProbeState::timeout), result(ProbeState::refused), u,
                              result(ProbeState::protocol_error), result(ProbeState::dns_failed)};
  const auto f = probe::derive_probe_findings(rs, std::chrono::days(30));
  EXPECT_EQ(ids(f), (std::vector<std::string>{"SIP001", "SIP002", "SIP003", "SIP005", "SIP006"}));
  EXPECT_NE(f[2].message.find("Retry-After 60"), std::string::npos);
  EXPECT_NE(f[0].evidence.find("sip1.example.test:5060/udp (127.0.0.11)"), std::string::npos);
}

TEST(ProbeFindings, CertificateProblems)
{
  auto target_only = result(ProbeState::ok, Transport::tls);
  target_only.tls = good_tls();
  target_only.tls->domain_match.source = tls::IdentitySource::none;
  auto neither = target_only;
  neither.tls->target_match = false;
  auto expiring = result(ProbeState::ok, Transport::tls);
  expiring.tls = good_tls();
  expiring.tls->days_left = 10;
  auto expired = result(ProbeState::cert_invalid, Transport::tls);
  expired.tls = good_tls();
  expired.tls->verified = false;
  expired.tls->verify_error = "certificate has expired";
  expired.tls->days_left = -3;
  auto old = result(ProbeState::ok, Transport::tls);
  old.tls = good_tls();
  old.tls->protocol = "TLSv1.1";
  auto mtls = result(ProbeState::tls_failed, Transport::tls);
  mtls.tls = tls::TlsSummary{};
  mtls.tls->cert_requested = true;
  mtls.tls->client_cert_missing = true;
  auto broken = result(ProbeState::tls_failed, Transport::tls);
  std::vector<ProbeResult> rs{target_only, neither, expiring, expired, old, mtls, broken};
  const auto f = probe::derive_probe_findings(rs, std::chrono::days(30));
  EXPECT_EQ(ids(f),
            (std::vector<std::string>{"TLS003", "TLS002", "TLS004", "TLS001", "TLS005", "TLS007", "TLS006", "TLS008"}));
}

TEST(ProbeFindings, WarnDaysIsAParameter)
{
  auto r = result(ProbeState::ok, Transport::tls);
  r.tls = good_tls();
  r.tls->days_left = 40;
  std::vector<ProbeResult> rs{r};
  EXPECT_TRUE(probe::derive_probe_findings(rs, std::chrono::days(30)).empty());
  EXPECT_EQ(ids(probe::derive_probe_findings(rs, std::chrono::days(45))), std::vector<std::string>{"TLS004"});
}

TEST(ProbeFindings, OldOnlyServerIsAnOutdatedProtocol)
{
  auto r = result(ProbeState::tls_failed, Transport::tls);
  r.error = "TLS handshake failed: unsupported protocol";
  std::vector<ProbeResult> rs{r};
  EXPECT_EQ(ids(probe::derive_probe_findings(rs, std::chrono::days(30))), std::vector<std::string>{"TLS007"});
}

TEST(ProbeFindings, NoDomainIdentityCheckForABareAddress)
{
  auto r = result(ProbeState::ok, Transport::tls);
  r.tls = good_tls();
  r.tls->domain = "127.0.0.11"; // probe sips:127.0.0.11 without --sip-gateway
  r.tls->domain_match.source = tls::IdentitySource::none;
  std::vector<ProbeResult> rs{r};
  EXPECT_TRUE(probe::derive_probe_findings(rs, std::chrono::days(30)).empty());
}

TEST(ProbeFindings, ProvisionalOnlyIsSip008NotSip001)
{
  auto r = result(ProbeState::provisional_only);
  r.provisional = 180;
  r.error = "a provisional 180, then no final answer within the 2000 ms deadline";
  const std::vector<ProbeResult> rs{r};
  const auto f = probe::derive_probe_findings(rs, std::chrono::days(30));
  EXPECT_EQ(ids(f), (std::vector<std::string>{"SIP008"}));
  EXPECT_NE(f[0].message.find("only with a provisional 180"), std::string::npos) << f[0].message;
  EXPECT_NE(f[0].evidence.find("then no final answer"), std::string::npos) << f[0].evidence;
}
