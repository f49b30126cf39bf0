#include "core/model/live_summary.hpp"
#include "core/model/phone_model.hpp"
#include "core/status/cert_rejection.hpp"
#include "core/tls/trust_hint.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace sipsurv;

namespace {

// A verified certificate for `names`, checked for SIP domain example.com and
// the SRV target sip1.example.com, as the TLS adapter summarises it.
tls::TlsSummary
cert(std::vector<std::string> names)
{
  tls::TlsSummary t;
  t.protocol = "TLSv1.3";
  tls::CertInfo leaf;
  leaf.dns_sans = std::move(names);
  t.chain.push_back(leaf);
  t.verified = true;
  t.system_trust = true;
  t.domain = "example.com";
  t.domain_match = tls::match_sip_domain(leaf, t.domain);
  t.target = "sip1.example.com";
  t.target_match = std::find(leaf.dns_sans.begin(), leaf.dns_sans.end(), t.target) != leaf.dns_sans.end();
  t.days_left = 100;
  return t;
}

} // namespace

TEST(CertRejection, TheNameCheckedComesFromTheProfile)
{
  const auto domain_only = cert({"example.com"});
  const auto target_only = cert({"sip1.example.com"});
  using model::CertIdentity;
  EXPECT_EQ(status::phone_rejects_certificate(domain_only, CertIdentity::sip_domain), "");
  EXPECT_EQ(status::phone_rejects_certificate(domain_only, CertIdentity::srv_target),
            "identity: the server name sip1.example.com is not in the certificate");
  EXPECT_EQ(status::phone_rejects_certificate(target_only, CertIdentity::srv_target), "");
  EXPECT_EQ(status::phone_rejects_certificate(target_only, CertIdentity::sip_domain),
            "identity: the SIP domain example.com is not in the certificate");
  // Every profile names one of the two (the certificate check is data).
  for (const auto& p : model::phone_profiles()) {
    EXPECT_TRUE(p.cert_identity == CertIdentity::sip_domain || p.cert_identity == CertIdentity::srv_target) << p.name;
  }
}

TEST(CertRejection, ChainAndExpiryAndNoCertificate)
{
  auto t = cert({"example.com"});
  t.verified = false;
  t.verify_error = "certificate is not yet valid";
  t.system_trust = false; // --ca-file given: no hint
  EXPECT_EQ(status::phone_rejects_certificate(t, model::CertIdentity::sip_domain),
            "chain not verified: certificate is not yet valid");
  auto expired = cert({"example.com"});
  expired.days_left = -1;
  EXPECT_EQ(status::phone_rejects_certificate(expired, model::CertIdentity::sip_domain), "expired 1 days ago");
  // A handshake that never finished is a TLS failure, not a certificate judgement.
  tls::TlsSummary none;
  EXPECT_EQ(status::phone_rejects_certificate(none, model::CertIdentity::sip_domain), "");
  none.protocol = "TLSv1.2";
  EXPECT_EQ(status::phone_rejects_certificate(none, model::CertIdentity::sip_domain), "the server sent no certificate");
}

TEST(TrustHint, OnlyForAnUnverifiedChainAgainstTheSystemStore)
{
  auto t = cert({"example.com"});
  EXPECT_EQ(tls::trust_store_hint(t), ""); // verified
  t.verified = false;
  t.verify_error = "unable to get local issuer certificate";
  EXPECT_NE(tls::trust_store_hint(t).find("--ca-file"), std::string::npos);
  EXPECT_NE(tls::trust_store_hint(t).find("system trust store"), std::string::npos);
  EXPECT_EQ(tls::with_trust_hint("x", t), "x (" + tls::trust_store_hint(t) + ")");
  t.system_trust = false; // the user's own --ca-file/--ca-path decided
  EXPECT_EQ(tls::trust_store_hint(t), "");
  EXPECT_EQ(tls::with_trust_hint("x", t), "x");
}

TEST(ProbedWorld, AMeasuredStateIsLabelledProbedNotScenario)
{
  model::ModelInput in;
  in.settings.transport = Transport::tls;
  in.settings.sip_gateway = "example.com";
  in.servers = {model::ServerInfo{"sip1.example.com", 5061, 10, 0, true, false, {}},
                model::ServerInfo{"sip2.example.com", 5061, 20, 0, true, false, {}}};
  in.connect_ms = 100;
  in.register_ms = 50;
  in.list_ttl = 3600;
  model::LiveState now;
  now.servers = {model::ServerNow::tls_fails, model::ServerNow::up};
  now.evidence = {"certificate rejected: chain not verified", ""};
  model::Scenario sc;
  sc.steps = model::world_steps(in, now);
  ASSERT_EQ(sc.steps.size(), 1U);
  EXPECT_TRUE(sc.steps[0].probed);
  // A scenario's own step after the probed start keeps its label.
  model::Step later;
  later.at = 30000;
  later.action = model::Action::down;
  later.target = "sip2.example.com";
  sc.steps.push_back(later);
  const auto r = model::simulate(in, sc, 60000);
  std::vector<const model::Event*> world;
  for (const auto& e : r.events) {
    if (e.kind == model::EventKind::scenario) {
      world.push_back(&e);
    }
  }
  ASSERT_EQ(world.size(), 2U);
  EXPECT_EQ(world[0]->server, "sip1.example.com");
  EXPECT_EQ(world[0]->rule.basis, model::Basis::probed);
  EXPECT_EQ(model::rule_label(world[0]->rule), "probed: certificate rejected: chain not verified");
  EXPECT_EQ(world[1]->rule.basis, model::Basis::input);
  EXPECT_EQ(model::rule_label(world[1]->rule), "scenario");
}
