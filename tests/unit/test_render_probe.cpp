#include "cli/render/probe_render.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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
