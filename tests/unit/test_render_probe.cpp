#include "cli/render/probe_render.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>

using namespace sipsurv;
using namespace sipsurv::cli;

namespace {

ProbeReport
hostile_report()
{
  ProbeReport rep;
  rep.transport = "udp";
  rep.timeout_ms = 5000;
  rep.parallel = 64;
  probe::ProbeResult ok;
  ok.spec.target = "sip1.example.test";
  ok.spec.port = 5060;
  ok.address = "127.0.0.11";
  ok.state = probe::ProbeState::ok;
  ok.response = sip::SipResponse{};
  ok.response->status = 200;
  ok.response->reason = "OK \x1b[31mred\x07";
  ok.response->server = "evil\x1b]0;title\x07";
  ok.response->header_lines = {"Server: evil\x1b]0;title\x07"};
  ok.timings.total_ms = 12.5;
  ok.timings.sip_ms = 12.0;
  probe::ProbeResult dead;
  dead.spec.target = "sip2.example.test";
  dead.spec.port = 5060;
  dead.address = "127.0.0.12";
  dead.state = probe::ProbeState::timeout;
  dead.error = "no answer";
  dead.retransmissions = 3;
  rep.results = {ok, dead};
  return rep;
}

} // namespace

TEST(RenderProbe, HeadlineCountsStates)
{
  EXPECT_EQ(probe_headline(hostile_report()), "1 of 2 probes answered 2xx; 1 timeout");
}

TEST(RenderProbe, TextEscapesNetworkStrings)
{
  const std::string text = render_probe_text(hostile_report(), TextStyle{});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
  EXPECT_NE(text.find("\\x1b"), std::string::npos);
  // Rows in the given order.
  EXPECT_LT(text.find("sip1.example.test"), text.find("sip2.example.test"));
}

TEST(RenderProbe, JsonKeepsTheContractKeys)
{
  const auto doc = nlohmann::json::parse(render_probe_json(hostile_report()));
  EXPECT_EQ(doc["schema"], "sipsurv/1");
  EXPECT_EQ(doc["command"], "probe");
  ASSERT_EQ(doc["probes"].size(), 2U);
  const auto& first = doc["probes"][0];
  EXPECT_EQ(first["state"], "ok");
  EXPECT_EQ(first["status"], 200);
  EXPECT_EQ(first["response"]["server"], "evil\x1b]0;title\x07"); // JSON escapes, the value stays exact
  EXPECT_EQ(first["timings_ms"]["total"], 12.5);
  EXPECT_TRUE(first["timings_ms"]["connect"].is_null());
  const auto& second = doc["probes"][1];
  EXPECT_EQ(second["state"], "timeout");
  EXPECT_TRUE(second["status"].is_null()); // a local timeout is never a 408
  EXPECT_EQ(second["retransmissions"], 3);
  EXPECT_EQ(doc["summary"]["answered"], 1);
}

namespace {

// A report with every part of a probe filled: a TLS summary with a chain,
// a response with lists, non-ASCII and invalid UTF-8, timings to round.
ProbeReport
full_report()
{
  ProbeReport rep = hostile_report();
  rep.transport = "tls,udp";
  probe::ProbeResult t;
  t.spec.target = "sip3.example.test";
  t.spec.port = 5061;
  t.spec.transport = Transport::tls;
  t.spec.priority = 10;
  t.spec.weight = 0;
  t.address = "::1";
  t.resolved = {"::1", "127.0.0.13"};
  t.state = probe::ProbeState::ok;
  t.phase = probe::ProbePhase::done;
  t.request_uri = "sips:sip3.example.test:5061";
  t.provisional = 100;
  t.timings = {0.1234567, 1.0, 2.0005, 1e-7, 3.25};
  t.response = sip::SipResponse{};
  t.response->status = 200;
  t.response->reason = "Gr\xc3\xbc\xc3\x9f Gott \xf0\x9f\x98\x80 \xff\xfe broken \xc3";
  t.response->via = {"SIP/2.0/TLS [::1]:5061;branch=z9hG4bK1", "quote \" and \\ backslash\ttab"};
  t.response->warning = {};
  t.response->retry_after = 120;
  t.response->size = 512;
  t.response->header_lines = {"Via: x", "Allow: INVITE, OPTIONS", std::string("nul\0byte", 8)};
  tls::TlsSummary s;
  s.sni = "example.test";
  s.protocol = "TLSv1.3";
  s.cipher = "TLS_AES_256_GCM_SHA384";
  s.verified = false;
  s.verify_error = "unable to get local issuer certificate";
  s.domain = "example.test";
  s.target = "sip3.example.test";
  s.days_left = -3;
  tls::CertInfo c;
  c.subject = "CN=sip3.example.test";
  c.issuer = "CN=Example CA \xe2\x82\xac";
  c.dns_sans = {"sip3.example.test", "*.example.test"};
  c.ip_sans = {"::1"};
  s.chain = {c, c};
  t.tls = s;
  rep.results.push_back(t);
  rep.findings.push_back(report::Finding{"TLS001", report::Severity::warning, "msg \x01", "evidence", "hint"});
  return rep;
}

// U+202E RLO ... U+202C PDF, U+2028 LINE SEPARATOR, U+2066 LRI, in UTF-8.
constexpr const char* k_bidi_reason = "OK \xe2\x80\xaetxt.exe\xe2\x80\xac\xe2\x80\xa8next";
constexpr const char* k_bidi_server = "srv \xe2\x81\xa6x\xe2\x81\xa9";

ProbeReport
bidi_report()
{
  ProbeReport rep = hostile_report();
  auto& r = rep.results.front();
  r.response->reason = k_bidi_reason;
  r.response->server = k_bidi_server;
  tls::TlsSummary t;
  t.protocol = "TLSv1.3";
  tls::CertInfo leaf;
  leaf.subject = "O=evil \xe2\x80\xae,CN=sip1.example.test";
  leaf.dns_sans = {"sip1.example.test", "a\xe2\x80\x8f.example.test"};
  leaf.sans_truncated = true;
  t.chain = {leaf};
  t.chain_truncated = true;
  r.tls = t;
  return rep;
}

} // namespace

// The probe JSON is written without a tree (json_writer.hpp): it must be
// exactly what nlohmann prints for the same document, which parsing it and
// printing the tree again shows (key order kept by ordered_json).
TEST(RenderProbe, JsonIsWhatTheTreeWouldPrint)
{
  for (const ProbeReport& rep : {hostile_report(), full_report(), ProbeReport{}}) {
    const std::string out = render_probe_json(rep);
    EXPECT_EQ(dump_json(Json::parse(out)), out);
  }
  const auto doc = Json::parse(render_probe_json(full_report()));
  const auto& t = doc["probes"][2];
  EXPECT_EQ(t["priority"], 10);
  EXPECT_EQ(t["weight"], 0);
  EXPECT_EQ(t["timings_ms"]["dns"], 0.123);
  EXPECT_EQ(t["timings_ms"]["sip"], 0.0);
  EXPECT_EQ(t["response"]["retry_after_ms"], 120000);
  EXPECT_EQ(t["response"]["warning"], Json::array());
  EXPECT_EQ(t["tls"]["chain"].size(), 2U);
  EXPECT_EQ(t["tls"]["days_left"], -3);
  EXPECT_TRUE(t["tls"]["domain_match"]["name"].is_null());
  EXPECT_EQ(doc["findings"][0]["id"], "TLS001");
  EXPECT_EQ(Json::parse(render_probe_json(ProbeReport{}))["probes"], Json::array());
}

// A large report reaches the sink in pieces, never whole, and the pieces
// joined are the report.
TEST(RenderProbe, LargeJsonIsHandedOnInPieces)
{
  ProbeReport rep = full_report();
  const probe::ProbeResult tls_probe = rep.results.back();
  rep.results.assign(300, tls_probe);
  std::vector<std::size_t> sizes;
  std::string joined;
  write_probe_json(rep, [&](std::string_view piece) {
    sizes.push_back(piece.size());
    joined += piece;
  });
  EXPECT_EQ(joined, render_probe_json(rep));
  ASSERT_GT(sizes.size(), 2U);
  for (const std::size_t n : sizes) {
    EXPECT_LT(n, 128U * 1024) << "a piece is bounded";
  }
}

TEST(RenderProbe, TextNamesBidiControlsByCodePointOnce)
{
  const std::string text = render_probe_text(bidi_report(), TextStyle{});
  EXPECT_NE(text.find("answer: 200 OK \\u{202e}txt.exe\\u{202c}\\u{2028}next\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Server: srv \\u{2066}x\\u{2069}\n"), std::string::npos) << text;
  EXPECT_NE(text.find("cert[0]: O=evil \\u{202e},CN=sip1.example.test\n"), std::string::npos) << text;
  EXPECT_NE(text.find("DNS:a\\u{200f}.example.test"), std::string::npos) << text;
  // Once: a second pass would have doubled the backslash.
  EXPECT_EQ(text.find("\\\\u{"), std::string::npos) << text;
  EXPECT_EQ(text.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_EQ(text.find("\xe2\x80\xa8"), std::string::npos);
}

TEST(RenderProbe, TextSaysWhenSansOrTheChainWereCut)
{
  const std::string text = render_probe_text(bidi_report(), TextStyle{});
  EXPECT_NE(text.find("(list cut after 1024 names: max_cert_sans)"), std::string::npos) << text;
  EXPECT_NE(text.find("chain: more than 16 certificates; the rest not shown (max_cert_chain)"), std::string::npos)
    << text;
  const std::string plain = render_probe_text(hostile_report(), TextStyle{});
  EXPECT_EQ(plain.find("cut after"), std::string::npos);
}

TEST(RenderProbe, JsonKeepsBidiControlsRawInAnAsciiDocument)
{
  const std::string out = render_probe_json(bidi_report());
  // JSON escapes them itself (\u202e), so the bytes are ASCII ...
  EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
  EXPECT_NE(out.find(R"("reason": "OK \u202etxt.exe\u202c\u2028next")"), std::string::npos) << out;
  // ... and a consumer gets the server's exact string back, not sipsurv's terminal escape.
  const auto doc = nlohmann::json::parse(out);
  const auto& first = doc["probes"][0];
  EXPECT_EQ(first["response"]["reason"], k_bidi_reason);
  EXPECT_EQ(first["response"]["server"], k_bidi_server);
  EXPECT_EQ(first["tls"]["chain"][0]["subject"], "O=evil \xe2\x80\xae,CN=sip1.example.test");
  EXPECT_EQ(first["tls"]["chain"][0]["sans_truncated"], true);
  EXPECT_EQ(first["tls"]["chain_truncated"], true);
  EXPECT_EQ(doc["probes"][1]["tls"], nullptr);
}

// The JSON Schema lists exactly the probe states the prober can report.
TEST(RenderProbe, SchemaListsEveryProbeState)
{
  std::ifstream in(std::string(SIPSURV_SOURCE_DIR) + "/man/sipsurv-1.schema.json");
  ASSERT_TRUE(in) << "cannot read the schema";
  const auto schema = nlohmann::json::parse(in);
  std::set<std::string> listed;
  for (const auto& v : schema["$defs"]["probe_state"]["enum"]) {
    listed.insert(v.get<std::string>());
  }
  std::set<std::string> states;
  for (int i = 0; i <= static_cast<int>(probe::ProbeState::not_probed); ++i) {
    states.insert(std::string(probe::to_string(static_cast<probe::ProbeState>(i))));
  }
  EXPECT_EQ(listed, states);
}
