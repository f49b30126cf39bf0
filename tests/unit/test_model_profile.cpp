// Phone profiles as data: the table, its defaults, and the switches the
// state machine reads from it.
#include "core/model/phone_model.hpp"
#include "core/model/phone_profile.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace sipsurv;
using namespace sipsurv::model;

namespace {

ModelInput
two_servers(std::string_view profile)
{
  ModelInput in;
  in.settings.transport = Transport::tls;
  in.settings.connectivity_check = std::chrono::seconds(30);
  in.settings.sip_gateway = "example.com";
  in.settings.phone_model = std::string(profile);
  in.servers = {ServerInfo{"sip1.example.com", 5061, 10, 0, true, false, {}},
                ServerInfo{"sip2.example.com", 5061, 20, 0, true, false, {}}};
  in.connect_ms = 100;
  in.register_ms = 50;
  return in;
}

Scenario
scenario(std::string_view text)
{
  auto sc = parse_scenario(text, "test");
  EXPECT_TRUE(sc.has_value()) << (sc ? "" : sc.error().message);
  return sc ? *sc : Scenario{};
}

const Event*
first(const SimResult& r, EventKind kind, std::string_view server = {})
{
  const auto it = std::find_if(r.events.begin(), r.events.end(), [&](const Event& e) {
    return e.kind == kind && (server.empty() || e.server == server);
  });
  return it == r.events.end() ? nullptr : &*it;
}

} // namespace

TEST(ModelProfile, TheTableNamesItsRows)
{
  ASSERT_GE(phone_profiles().size(), 2U);
  EXPECT_EQ(phone_profiles().front().name, "openscape-cp");
  ASSERT_NE(find_profile("openscape-cp"), nullptr);
  ASSERT_NE(find_profile("rfc3263"), nullptr);
  EXPECT_EQ(find_profile("openscape"), nullptr); // exact names only
  EXPECT_EQ(profile_names(), "openscape-cp, rfc3263");
  EXPECT_EQ(&profile_for("no-such-phone"), &default_profile());
}

TEST(ModelProfile, PhoneSettingsDefaultsAreTheDefaultProfilesDefaults)
{
  const PhoneSettings s;
  const PhoneProfile& p = default_profile();
  EXPECT_EQ(s.phone_model, p.name);
  EXPECT_EQ(s.response_timer.count(), p.response_timer.default_value);
  EXPECT_EQ(s.non_invite_timer.count(), p.non_invite_timer.default_value);
  EXPECT_EQ(s.reg_backoff.count(), p.reg_backoff.default_value);
  EXPECT_EQ(s.registration_expiry.count(), p.registration_expiry.default_value);
  EXPECT_EQ(s.connectivity_check.count(), p.connectivity_check.default_value);
  // The registration timer's default is the manual's, not an assumption.
  EXPECT_EQ(p.registration_expiry.basis, Basis::manual);
  for (const auto& row : phone_profiles()) {
    for (const TimerSetting* t : {&row.response_timer, &row.non_invite_timer, &row.reg_backoff,
                                  &row.registration_expiry, &row.connectivity_check}) {
      EXPECT_LE(t->min, t->default_value) << row.name << " " << t->option;
      EXPECT_LE(t->default_value, t->max) << row.name << " " << t->option;
    }
  }
}

TEST(ModelProfile, RegisterTimeoutWaitsTheBackoffOrTriesTheNextServerAtOnce)
{
  const auto sc = scenario("0s down sip1.example.com\n");
  // openscape-cp: the manual's literal reading, a random wait before the
  // REGISTER to the next server.
  const auto osc = simulate(two_servers("openscape-cp"), sc, 200000);
  const Event* waited = first(osc, EventKind::backoff);
  ASSERT_NE(waited, nullptr);
  EXPECT_EQ(waited->at, 32000);
  EXPECT_EQ(waited->rule, manual("Maximum Registration Backoff Timer"));
  // rfc3263: the next server at once (RFC 3263 §4.3), TLS 100 ms + REGISTER 50 ms.
  const auto generic = simulate(two_servers("rfc3263"), sc, 200000);
  EXPECT_EQ(first(generic, EventKind::backoff), nullptr);
  const Event* reg = first(generic, EventKind::registered, "sip2.example.com:5061");
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(reg->at, 32150);
  EXPECT_EQ(first(generic, EventKind::register_failed)->rule, rfc("RFC 3261 §17.1.2.2"));
  EXPECT_EQ(first(osc, EventKind::register_failed)->rule, manual("Non-INVITE Transaction Timer"));
}

TEST(ModelProfile, OnlyTheOpenScapeProfileKnowsABackup)
{
  ModelInput in = two_servers("openscape-cp");
  in.servers.resize(1);
  in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false, {}};
  const auto sc = scenario("40s down sip1.example.com\n");
  const auto osc = simulate(in, sc, 200000);
  EXPECT_TRUE(osc.on_backup);
  in.settings.phone_model = "rfc3263";
  const auto generic = simulate(in, sc, 200000);
  EXPECT_FALSE(generic.on_backup);
  EXPECT_TRUE(generic.out_of_service);
  const Event* note = first(generic, EventKind::note, "backup.example.com:5060");
  ASSERT_NE(note, nullptr);
  EXPECT_NE(note->text.find("has no backup server"), std::string::npos);
}

TEST(ModelProfile, TheCheckOnTcpIsAnAssumptionForOpenScapeAndRfc5626Generically)
{
  ModelInput in = two_servers("openscape-cp");
  in.settings.transport = Transport::tcp;
  const auto sc = scenario("40s down sip1.example.com\n");
  const auto with_osc = simulate(in, sc, 120000);
  const Event* osc = first(with_osc, EventKind::failure_noticed);
  ASSERT_NE(osc, nullptr);
  EXPECT_EQ(osc->rule, assumed("connectivity check on TCP (the manual describes it for TLS)"));
  in.settings.phone_model = "rfc3263";
  const auto with_rfc = simulate(in, sc, 120000);
  const Event* generic = first(with_rfc, EventKind::failure_noticed);
  ASSERT_NE(generic, nullptr);
  EXPECT_EQ(generic->rule, rfc("RFC 5626 §4.4.1"));
}

TEST(ModelProfile, TheSummaryNamesTheProfile)
{
  EXPECT_EQ(simulate(two_servers("rfc3263"), Scenario{}, 1000).estimate.phone_model, "rfc3263");
  EXPECT_EQ(simulate(two_servers("openscape-cp"), Scenario{}, 1000).estimate.phone_model, "openscape-cp");
}

// Issue 14.2 reads which certificate name the phone checks from the profile:
// every row says it and cites where it comes from.
TEST(ModelProfile, EveryProfileSaysWhichCertificateNameThePhoneChecks)
{
  for (const auto& p : phone_profiles()) {
    EXPECT_FALSE(p.cert_identity_rule.source.empty()) << p.name;
    EXPECT_NE(p.cert_identity_rule.basis, Basis::assumption) << p.name; // RFC 5922 decides where the manual is silent
  }
  EXPECT_EQ(find_profile("openscape-cp")->cert_identity, CertIdentity::sip_domain);
  EXPECT_TRUE(find_profile("openscape-cp")->cert_identity_rule.source.starts_with("RFC 5922 §4.1"));
  EXPECT_EQ(to_string(CertIdentity::sip_domain), "sip-domain");
  EXPECT_EQ(to_string(CertIdentity::srv_target), "srv-target");
}
