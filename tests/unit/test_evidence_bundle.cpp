// The evidence bundle of status --save / --replay: every field survives the
// round trip, every malformed field is one line naming it, and a replay
// through the recorded adapters gives the live round's verdict, findings
// and simulation.
#include "cli/evidence/bundle.hpp"
#include "cli/evidence/probe_result_json.hpp"
#include "core/status/site_evidence.hpp"
#include "tests/unit/fakes/branch_site.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>

using namespace sipsurv;

namespace {

// A result with every field set to a value other than its default.
probe::ProbeResult
full_result()
{
  probe::ProbeResult r;
  r.spec.target = "sip1.example.test";
  r.spec.port = 5061;
  r.spec.address = "127.0.0.10";
  r.spec.transport = Transport::tls;
  r.spec.sip_domain = "example.test";
  r.spec.sni = probe::SniChoice::target;
  r.spec.request_uri = "sips:sip2.example.test:5061";
  r.spec.max_forwards = 1;
  r.spec.role = "proxy-hop";
  r.spec.priority = 10;
  r.spec.weight = 60;
  r.spec.dns_ms = 1.25;
  r.spec.unresolved = "why";
  r.state = probe::ProbeState::unavailable;
  r.address = "127.0.0.10";
  r.resolved = {"127.0.0.10", "::1"};
  r.request_uri = "sips:example.test";
  r.phase = probe::ProbePhase::sip;
  r.timings = {0.5, 1.5, 2.5, 3.5, 8.125};
  r.retransmissions = 2;
  r.unmatched = 3;
  r.provisional = 180;
  sip::SipResponse resp;
  resp.status = 503;
  resp.reason = "Service Unavailable \x1b[2J";
  resp.server = "srv";
  resp.user_agent = "ua";
  resp.allow = "INVITE, OPTIONS";
  resp.supported = "path";
  resp.via = {"SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK1", "SIP/2.0/TLS b"};
  resp.warning = {"399 x \"y\""};
  resp.retry_after = 30;
  resp.contact = "<sip:c>";
  resp.call_id = "cid";
  resp.cseq = "1 OPTIONS";
  resp.ids = {true, "z9hG4bK1", "127.0.0.1", 5061, true, 1, "OPTIONS", true, true, "ftag", true};
  resp.header_lines = {"Via: a", "Retry-After: 30"};
  resp.size = 321;
  r.response = resp;
  tls::TlsSummary t;
  t.sni = "sip1.example.test";
  t.protocol = "TLSv1.3";
  t.cipher = "TLS_AES_256_GCM_SHA384";
  tls::CertInfo c;
  c.subject = "CN=sip1";
  c.issuer = "CN=ca";
  c.common_name = "sip1";
  c.dns_sans = {"sip1.example.test"};
  c.uri_sans = {"sip:example.test"};
  c.ip_sans = {"127.0.0.10"};
  c.not_before = std::chrono::sys_seconds(std::chrono::seconds(1700000000));
  c.not_after = std::chrono::sys_seconds(std::chrono::seconds(1800000000));
  c.self_signed = true;
  c.sans_truncated = true;
  t.chain = {c, c};
  t.chain_truncated = true;
  t.verified = true;
  t.verify_error = "e";
  t.system_trust = true;
  t.domain = "example.test";
  t.domain_match = {tls::IdentitySource::uri_san, "example.test", true};
  t.target = "sip1.example.test";
  t.target_match = true;
  t.cert_requested = true;
  t.client_cert_sent = true;
  t.client_cert_missing = true;
  t.days_left = -3;
  r.tls = t;
  probe::RegisterResult reg;
  reg.state = probe::RegisterState::credentials_rejected;
  reg.aor = "sips:alice@example.test";
  reg.status = 401;
  reg.reason = "Unauthorized";
  reg.challenge_status = 407;
  reg.algorithm = "SHA-256";
  reg.sip_ms = 4.25;
  reg.error = "credentials rejected";
  r.registrar = reg;
  r.error = "an error";
  return r;
}

cli::EvidenceBundle
full_bundle()
{
  cli::EvidenceBundle b;
  b.sipsurv_version = "9.8.7";
  b.taken_at = "2026-11-24T09:37:00Z";
  b.domain = "example.test";
  b.settings.transport = Transport::tls;
  b.settings.dns_servers = {"127.0.0.1:5353", "127.0.0.2"};
  b.settings.connectivity_check = std::chrono::seconds(30);
  b.settings.backup_proxy = HostPort{"backup.example.test", 5070};
  b.settings.backup_registration = false;
  b.settings.accepted_findings = {"DNS006", "STA007"};
  b.seed = 42;
  b.cert_warn_days = 14;
  b.survivable_indicator = "X-Survivability: active";
  b.sni = "target";
  b.timeout_s = 2.5;
  b.measured_with = {"--ca-file ca.pem", "--timeout 2.5"};
  b.evidence.resolver = "127.0.0.1:5353";
  dns::Message m;
  m.rcode = 3;
  m.truncated = true;
  m.authoritative = true;
  m.records_over_limit = 2;
  m.answers = {
    {"_sips._tcp.example.test", dns::rr::srv, 300, dns::SrvData{10, 60, 5061, "sip1.example.test"}},
    {"example.test", dns::rr::naptr, 60, dns::NaptrData{50, 51, "s", "SIPS+D2T", "", "_sips._tcp.example.test"}},
    {"sip1.example.test", dns::rr::a, 30, dns::AddressData{"127.0.0.10"}},
    {"www.example.test", dns::rr::cname, 7, dns::CnameData{"sip1.example.test"}},
    {"odd.example.test", 99, 1, std::monostate{}},
  };
  b.evidence.dns.push_back(
    {{"_sips._tcp.example.test", dns::rr::srv}, {m, std::chrono::microseconds(1234), "127.0.0.1:5353"}});
  b.evidence.dns.push_back({{"sip2.example.test", dns::rr::aaaa},
                            {fail(Errc::timeout, "no answer in 2500 ms"), std::chrono::microseconds(2500000), {}}});
  b.evidence.server_checks.push_back(
    {{"_sips._tcp.example.test", dns::rr::srv},
     {dns::ServerReply{"127.0.0.1:5353", {m, std::chrono::microseconds(900), "127.0.0.1:5353"}},
      dns::ServerReply{"127.0.0.2:53", {fail(Errc::timeout, "no answer"), std::chrono::microseconds(2000000), {}}}}});
  b.evidence.probes = {full_result(), probe::ProbeResult{}};
  return b;
}

void
expect_same_reply(const dns::Reply& a, const dns::Reply& b)
{
  EXPECT_EQ(a.elapsed, b.elapsed);
  EXPECT_EQ(a.server, b.server);
  ASSERT_EQ(a.outcome.has_value(), b.outcome.has_value());
  if (a.outcome) {
    EXPECT_TRUE(*a.outcome == *b.outcome);
  } else {
    EXPECT_EQ(a.outcome.error().code, b.outcome.error().code);
    EXPECT_EQ(a.outcome.error().message, b.outcome.error().message);
  }
}

void
expect_same_bundle(const cli::EvidenceBundle& a, const cli::EvidenceBundle& b)
{
  EXPECT_EQ(a.sipsurv_version, b.sipsurv_version);
  EXPECT_EQ(a.taken_at, b.taken_at);
  EXPECT_EQ(a.domain, b.domain);
  EXPECT_TRUE(a.settings == b.settings);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.cert_warn_days, b.cert_warn_days);
  EXPECT_EQ(a.survivable_indicator, b.survivable_indicator);
  EXPECT_EQ(a.sni, b.sni);
  EXPECT_EQ(a.timeout_s, b.timeout_s);
  EXPECT_EQ(a.measured_with, b.measured_with);
  EXPECT_EQ(a.evidence.resolver, b.evidence.resolver);
  ASSERT_EQ(a.evidence.dns.size(), b.evidence.dns.size());
  for (std::size_t i = 0; i < a.evidence.dns.size(); ++i) {
    EXPECT_TRUE(a.evidence.dns[i].question == b.evidence.dns[i].question) << i;
    expect_same_reply(a.evidence.dns[i].reply, b.evidence.dns[i].reply);
  }
  ASSERT_EQ(a.evidence.server_checks.size(), b.evidence.server_checks.size());
  for (std::size_t i = 0; i < a.evidence.server_checks.size(); ++i) {
    const auto& x = a.evidence.server_checks[i];
    const auto& y = b.evidence.server_checks[i];
    EXPECT_TRUE(x.question == y.question) << i;
    ASSERT_EQ(x.replies.size(), y.replies.size());
    for (std::size_t k = 0; k < x.replies.size(); ++k) {
      EXPECT_EQ(x.replies[k].server, y.replies[k].server);
      expect_same_reply(x.replies[k].reply, y.replies[k].reply);
    }
  }
  ASSERT_EQ(a.evidence.probes.size(), b.evidence.probes.size());
  for (std::size_t i = 0; i < a.evidence.probes.size(); ++i) {
    EXPECT_TRUE(a.evidence.probes[i] == b.evidence.probes[i]) << i;
  }
}

// Every leaf (and every object and array) of `j`, by path, as the reader names it.
void
each_node(const nlohmann::json& j, const std::string& path,
          const std::function<void(const std::string&, const nlohmann::json::json_pointer&)>& visit,
          const nlohmann::json::json_pointer& at)
{
  if (!path.empty()) {
    visit(path, at);
  }
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      each_node(v, path.empty() ? k : path + "." + k, visit, at / k);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      each_node(j[i], path + "[" + std::to_string(i) + "]", visit, at / i);
    }
  }
}

} // namespace

TEST(EvidenceBundle, RoundTripKeepsEveryField)
{
  const auto b = full_bundle();
  const std::string text = cli::bundle_to_json(b);
  auto back = cli::bundle_from_json(text, "b.json");
  ASSERT_TRUE(back) << back.error().message;
  expect_same_bundle(b, *back);
  // The round trip must be able to fail: a changed field is seen.
  auto changed = *back;
  changed.evidence.probes[0].tls->chain[1].sans_truncated = false;
  EXPECT_FALSE(changed.evidence.probes[0] == b.evidence.probes[0]);
  EXPECT_EQ(cli::bundle_to_json(*back), text); // and writing it again gives the same bytes
}

// A new field of a recorded type must get a key in probe_result_json.cpp
// (both directions) and a non-default value in full_result() above; then
// update the size here. The sizes are g++ 12 on x86-64 (Debian 12), the
// project's one platform.
TEST(EvidenceBundle, SizesOfTheRecordedTypes)
{
  EXPECT_EQ(sizeof(probe::ProbeSpec), 248U) << "ProbeSpec changed: record the new field";
  EXPECT_EQ(sizeof(probe::Timings), 72U) << "Timings changed: record the new field";
  EXPECT_EQ(sizeof(probe::ProbeResult), 1488U) << "ProbeResult changed: record the new field";
  EXPECT_EQ(sizeof(sip::SipResponse), 520U) << "SipResponse changed: record the new field";
  EXPECT_EQ(sizeof(sip::ResponseIds), 168U) << "ResponseIds changed: record the new field";
  EXPECT_EQ(sizeof(tls::TlsSummary), 304U) << "TlsSummary changed: record the new field";
  EXPECT_EQ(sizeof(tls::CertInfo), 192U) << "CertInfo changed: record the new field";
  EXPECT_EQ(sizeof(dns::Message), 40U) << "dns::Message changed: record the new field";
  EXPECT_EQ(sizeof(dns::Reply), 88U) << "dns::Reply changed: record the new field";
  EXPECT_EQ(sizeof(probe::RegisterResult), 168U) << "RegisterResult changed: record the new field";
  EXPECT_EQ(sizeof(PhoneSettings), 320U) << "PhoneSettings changed: give it a row in the setting table";
}

TEST(EvidenceBundle, EveryFieldOfTheWrongTypeIsOneLineNamingIt)
{
  const auto valid = nlohmann::json::parse(cli::bundle_to_json(full_bundle()));
  std::size_t checked = 0;
  each_node(
    valid, "",
    [&](const std::string& path, const nlohmann::json::json_pointer& at) {
      // An object where every field holds something else: always wrong
      // (no field takes an object with the key "bogus").
      auto bad = valid;
      bad[at] = nlohmann::json{{"bogus", 1}};
      const auto r = cli::bundle_from_json(bad.dump(), "b.json");
      ASSERT_FALSE(r) << path << " accepted an object";
      EXPECT_EQ(r.error().code, Errc::usage);
      EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << r.error().message;
      // A reply with both a message and an error is named by its error.
      const std::string named = (path.ends_with("].message") || path.ends_with(".exchange.message"))
        ? path.substr(0, path.size() - 7) + "error"
        : path;
      EXPECT_TRUE(r.error().message.starts_with("b.json: " + path) || r.error().message.starts_with("b.json: " + named))
        << path << ": " << r.error().message;
      // A replaced object reports its first missing key, or what it allows.
      EXPECT_TRUE(r.error().message.find("allowed") != std::string::npos || r.error().message.ends_with(": missing"))
        << r.error().message;
      ++checked;
    },
    nlohmann::json::json_pointer());
  EXPECT_GT(checked, 150U);
}

TEST(EvidenceBundle, EveryMissingFieldIsNamed)
{
  const auto valid = nlohmann::json::parse(cli::bundle_to_json(full_bundle()));
  std::size_t checked = 0;
  each_node(
    valid, "",
    [&](const std::string& path, const nlohmann::json::json_pointer& at) {
      if (valid[at.parent_pointer()].is_array()) {
        return; // an array item, not a field
      }
      if (path.starts_with("settings.")) {
        return; // a setting the recording lacks is the phone's default (older bundles)
      }
      auto bad = valid;
      bad[at.parent_pointer()].erase(at.back());
      const auto r = cli::bundle_from_json(bad.dump(), "b.json");
      ASSERT_FALSE(r) << path << " may be missing";
      EXPECT_EQ(r.error().message, "b.json: " + path + ": missing") << path;
      ++checked;
    },
    nlohmann::json::json_pointer());
  EXPECT_GT(checked, 100U);
}

TEST(EvidenceBundle, BadValuesSayWhatIsAllowed)
{
  const auto valid = nlohmann::json::parse(cli::bundle_to_json(full_bundle()));
  const std::vector<std::tuple<std::string, nlohmann::json, std::string>> cases{
    {"/format", "sipsurv-evidence/2",
     "b.json: format: 'sipsurv-evidence/2' is not allowed; allowed: sipsurv-evidence/1"},
    {"/taken_at", "yesterday", "b.json: taken_at: 'yesterday' is not allowed; allowed: RFC 3339 UTC time"},
    {"/settings/transport", nlohmann::json::array({"sctp"}), "b.json: settings.transport: 'sctp': "},
    {"/settings/connectivity-check", nlohmann::json::array({"1", "2"}),
     "b.json: settings.connectivity-check: more than one value"},
    {"/settings/colour", nlohmann::json::array(), "b.json: settings.colour: unknown key; allowed: dns, "},
    {"/options/seed", -1, "b.json: options.seed: -1 is out of range; allowed: a whole number from 0 to"},
    {"/dns/0/question/type", 70000, "b.json: dns[0].question.type: 70000 is out of range"},
    {"/dns/1/message", nlohmann::json::object(), "b.json: dns[1].error: set with a message; allowed: null"},
    {"/probes/0/state", "up", "b.json: probes[0].state: 'up' is not allowed; allowed: ok, sip-error"},
    {"/probes/0/timings/total_ms", -1, "b.json: probes[0].timings.total_ms: -1 is out of range"},
    {"/probes/0/response/status", 99,
     "b.json: probes[0].response.status: 99 is out of range; allowed: a whole number from 100 to 699"},
    {"/probes/0/spec/port", 1.5, "b.json: probes[0].spec.port: a fraction; allowed: a whole number from 0 to 65535"},
    {"/probes/0/extra", 1, "b.json: probes[0].extra: unknown key; allowed: spec, "},
  };
  for (const auto& [pointer, value, want] : cases) {
    auto bad = valid;
    bad[nlohmann::json::json_pointer(pointer)] = value;
    const auto r = cli::bundle_from_json(bad.dump(), "b.json");
    ASSERT_FALSE(r) << pointer;
    EXPECT_TRUE(r.error().message.starts_with(want)) << pointer << ": " << r.error().message;
  }
  for (const std::string text : {"", "{", "[]", "null", "\"x\""}) {
    const auto r = cli::bundle_from_json(text, "b\x1b.json");
    ASSERT_FALSE(r) << text;
    EXPECT_TRUE(r.error().message.starts_with("b\\x1b.json: ")) << r.error().message;
    EXPECT_NE(r.error().message.find("allowed"), std::string::npos) << r.error().message;
  }
}

// The one pipeline, twice: live through the recording adapters, then the
// recording through the recorded ones gives the same round.
TEST(EvidenceReplay, SameSettingsGiveTheSameVerdictFindingsAndSimulation)
{
  PhoneSettings s;
  s.sip_gateway = "branch.example.test";
  s.transport = Transport::tcp;
  s.backup_proxy = HostPort{"127.0.0.145", 0};
  s.survivability_proxy = "proxy.branch.example.test";
  test::FakeResolver r;
  test::add_branch_site(r, "branch.example.test", {"_sip._tcp"}, "127.0.0.102", "127.0.0.103");
  test::ScriptedNetwork net{
    {{"127.0.0.102", 200}, {"127.0.0.103", 200}, {"127.0.0.145", 503}}, {{0, {483, "proxy"}}}, {}};
  auto plan = dns::make_plan(s);
  ASSERT_TRUE(plan);
  status::CheckOptions options;
  status::SiteEvidence ev;
  status::RecordingResolver recording(r, ev);
  const auto live = status::check_site(s, *plan, recording, status::recording_runner(net.runner(), ev), options);
  ASSERT_TRUE(live);
  EXPECT_FALSE(ev.dns.empty());
  EXPECT_EQ(ev.probes.size(), live->probes.size() + live->proxy_hops.size());

  // Through the JSON too: what --save writes is what --replay reads.
  cli::EvidenceBundle b;
  b.sipsurv_version = "1";
  b.taken_at = "2026-11-24T09:37:00Z";
  b.evidence = ev;
  auto read = cli::bundle_from_json(cli::bundle_to_json(b), "b.json");
  ASSERT_TRUE(read) << read.error().message;
  status::RecordedResolver replay(read->evidence);
  const auto again = status::check_site(s, *plan, replay, status::recorded_runner(read->evidence), options);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(replay.misses().empty());
  EXPECT_EQ(again->summary.verdict.state, live->summary.verdict.state);
  EXPECT_EQ(again->summary.verdict.reason, live->summary.verdict.reason);
  ASSERT_EQ(again->summary.findings.size(), live->summary.findings.size());
  for (std::size_t i = 0; i < live->summary.findings.size(); ++i) {
    EXPECT_EQ(again->summary.findings[i].id, live->summary.findings[i].id);
    EXPECT_EQ(again->summary.findings[i].message, live->summary.findings[i].message);
    EXPECT_EQ(again->summary.findings[i].evidence, live->summary.findings[i].evidence);
  }
  EXPECT_EQ(again->simulation.where, live->simulation.where);
  EXPECT_EQ(again->summary.worst_outage_s, live->summary.worst_outage_s);
  EXPECT_EQ(again->dns.resolver, live->dns.resolver);
  EXPECT_TRUE(again->probes == live->probes);

  // Another setting, same data: a different simulation, no new probe.
  PhoneSettings tuned = s;
  tuned.response_timer = k_recommended_response_timer;
  status::RecordedResolver replay2(read->evidence);
  const auto other = status::check_site(tuned, *plan, replay2, status::recorded_runner(read->evidence), options);
  ASSERT_TRUE(other) << other.error().message;
  ASSERT_TRUE(other->summary.best_outage_s && live->summary.best_outage_s);
  EXPECT_LT(*other->summary.best_outage_s, *live->summary.best_outage_s);

  // A setting that needs a probe the recording lacks is refused, naming it.
  PhoneSettings moved = s;
  moved.backup_proxy = HostPort{"127.0.0.146", 0};
  status::RecordedResolver replay3(read->evidence);
  const auto refused = status::check_site(moved, *plan, replay3, status::recorded_runner(read->evidence), options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::usage);
  EXPECT_NE(refused.error().message.find("the recording has no probe of"), std::string::npos)
    << refused.error().message;
}
