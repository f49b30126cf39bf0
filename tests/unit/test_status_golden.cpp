// Golden files for every status and watch output format: a site checked
// through a scripted network (no sockets), rendered as text, JSON, Nagios
// and OpenMetrics, and watch's text and NDJSON lines, compared byte for byte
// with tests/golden/status/<case>.<format>. UPDATE_GOLDEN=1 rewrites them.
#include "cli/evidence/bundle.hpp"
#include "cli/render/monitoring_render.hpp"
#include "cli/render/status_render.hpp"
#include "cli/render/watch_render.hpp"
#include "core/status/site_evidence.hpp"
#include "tests/unit/fakes/branch_site.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace sipsurv;
using sipsurv::test::FakeResolver;
using sipsurv::test::ScriptedNetwork;

namespace {

const std::string k_golden_dir = SIPSURV_SOURCE_DIR "/tests/golden/status/";
constexpr long long k_unix_time = 1795513020; // 2026-11-24T09:37:00Z
const std::string k_time = "2026-11-24T09:37:00Z";

// The tool's version would make every release rewrite the files.
std::string
normalised(std::string text)
{
  const std::string version = SIPSURV_VERSION;
  for (auto pos = text.find(version); pos != std::string::npos; pos = text.find(version, pos)) {
    text.replace(pos, version.size(), "VERSION");
  }
  return text;
}

void
expect_golden(const std::string& name, const std::string& actual)
{
  const std::string path = k_golden_dir + name;
  const std::string got = normalised(actual);
  if (const char* update = std::getenv("UPDATE_GOLDEN"); update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::trunc) << got;
    return;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << path << " is missing; run with UPDATE_GOLDEN=1 to write it";
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(got, want.str()) << "golden file " << path << " differs; UPDATE_GOLDEN=1 rewrites it";
}

// branch.example.test: a survivability proxy (priority 10) before the
// primary (priority 20), a backup, settings tuned except the transport.
PhoneSettings
branch_phone()
{
  PhoneSettings s;
  s.sip_gateway = "branch.example.test";
  s.transport = Transport::tcp;
  s.connectivity_check = std::chrono::seconds(30);
  s.response_timer = k_recommended_response_timer;
  s.non_invite_timer = k_recommended_non_invite_timer;
  s.backup_proxy = HostPort{"127.0.0.145", 0};
  s.survivability_proxy = "proxy.branch.example.test";
  return s;
}

status::SiteCheck
checked(const PhoneSettings& s, ScriptedNetwork& net)
{
  FakeResolver r;
  sipsurv::test::add_branch_site(r, "branch.example.test", {"_sip._tcp"}, "127.0.0.102", "127.0.0.103");
  return sipsurv::test::run_check_site(s, r, net, "X-Survivability");
}

void
all_formats(const std::string& name, const status::SiteCheck& check)
{
  const cli::StatusContext ctx{k_time, {"--transport tcp", "--survivability-proxy proxy.branch.example.test"}, 5};
  expect_golden(name + ".txt", cli::render_status_text(check, ctx, cli::TextStyle{}));
  expect_golden(name + ".json", cli::render_status_json(check, ctx));
  expect_golden(name + ".nagios", cli::render_nagios(check.summary));
  expect_golden(name + ".prom", cli::render_openmetrics(check.summary, k_unix_time));
}

} // namespace

TEST(StatusGolden, RelayingProxyIsNormal)
{
  ScriptedNetwork net{{{"127.0.0.102", 200}, {"127.0.0.103", 200}, {"127.0.0.145", 200}},
                      {{0, {483, "proxy"}}, {1, {483, "primary"}}, {2, {200, "primary"}}},
                      {}};
  const auto check = checked(branch_phone(), net);
  EXPECT_EQ(check.summary.verdict.state, status::SiteState::normal);
  all_formats("relaying", check);
}

TEST(StatusGolden, StandingInProxyIsSurvivable)
{
  ScriptedNetwork net{
    {{"127.0.0.102", 200}, {"127.0.0.145", 200}}, {{0, {483, "proxy"}}, {1, {200, "proxy"}}, {2, {200, "proxy"}}}, {}};
  const auto check = checked(branch_phone(), net);
  EXPECT_EQ(check.summary.verdict.state, status::SiteState::survivable);
  all_formats("survivable", check);
}

TEST(StatusGolden, NothingAnswersIsDown)
{
  ScriptedNetwork net{{}, {}, {}};
  const auto check = checked(branch_phone(), net);
  EXPECT_EQ(check.summary.verdict.state, status::SiteState::down);
  all_formats("down", check);
}

TEST(StatusGolden, WatchLinesInBothFormats)
{
  ScriptedNetwork up{{{"127.0.0.102", 200}, {"127.0.0.103", 200}, {"127.0.0.145", 200}},
                     {{0, {483, "proxy"}}, {1, {483, "primary"}}, {2, {200, "primary"}}},
                     {}};
  ScriptedNetwork proxy_down{{{"127.0.0.103", 200}, {"127.0.0.145", 200}}, {}, {}};
  const auto normal = checked(branch_phone(), up);
  const auto failover = checked(branch_phone(), proxy_down);
  for (const bool json : {false, true}) {
    cli::WatchLog log("branch.example.test", json);
    status::Hysteresis h(2, 2);
    std::string out = log.started(k_time, std::chrono::milliseconds(30000), 2, 2);
    unsigned round = 0;
    for (const auto* c : {&normal, &failover, &failover, &normal, &normal}) {
      out += log.round(k_time, ++round, h.feed(cli::watch_round_targets(c->summary), c->summary.verdict.state), *c);
    }
    out += log.summary(k_time, round, std::chrono::milliseconds(150000), h, true);
    expect_golden(json ? "watch.ndjson" : "watch.txt", out);
  }
}

// Every outside string of the status text is escaped exactly once, also
// where one section embeds another's text (the DNS headline), and the JSON
// keeps the raw value.
TEST(StatusGolden, HostileNamesAreEscapedOnceInText)
{
  ScriptedNetwork net{{{"127.0.0.102", 200}, {"127.0.0.103", 200}, {"127.0.0.145", 200}},
                      {{0, {483, "proxy"}}, {1, {483, "primary"}}, {2, {200, "primary"}}},
                      {}};
  auto check = checked(branch_phone(), net);
  // As a zone file (--dns-file) could name them: a backslash, ESC, RLO.
  check.dns.plan.use_srv = false;
  check.dns.plan.direct_host = "a\\b\x1b[2J\xe2\x80\xae";
  check.dns.servers.resize(1);
  check.dns.servers[0].target = check.dns.plan.direct_host;
  check.dns.resolver = "zone file z\xe2\x80\xa8.zone";
  const cli::StatusContext ctx{k_time, {"--sip-server a\xe2\x81\xa6"}, 5};
  // Wide enough that no line wraps: this test is about escaping, not layout.
  const std::string text = cli::render_status_text(check, ctx, cli::TextStyle{false, 200});
  const std::string once = "a\\\\b\\x1b[2J\\u{202e}";
  EXPECT_NE(text.find(once + ":5060: SIP server port set"), std::string::npos) << text; // the DNS headline
  EXPECT_NE(text.find("  " + once + ":5060  "), std::string::npos) << text;             // the server list
  EXPECT_NE(text.find("resolver zone file z\\u{2028}.zone\n"), std::string::npos) << text;
  EXPECT_NE(text.find("settings: --sip-server a\\u{2066}\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("\\\\\\\\"), std::string::npos) << "escaped twice somewhere:\n" << text;
  EXPECT_EQ(text.find("\\\\x1b"), std::string::npos) << "escaped twice somewhere:\n" << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  const auto doc = nlohmann::json::parse(cli::render_status_json(check, ctx));
  EXPECT_EQ(doc["resolver"], "zone file z\xe2\x80\xa8.zone");
  EXPECT_EQ(doc["dns"]["servers"][0]["target"], "a\\b\x1b[2J\xe2\x80\xae");
}

// watch's textfile after the rounds above but the last: the last round's
// probes say NORMAL while the state under hysteresis is still FAILOVER
// (up_after 2), and the file shows the state that held.
TEST(StatusGolden, WatchTextfileShowsTheHysteresisState)
{
  ScriptedNetwork up{{{"127.0.0.102", 200}, {"127.0.0.103", 200}, {"127.0.0.145", 200}},
                     {{0, {483, "proxy"}}, {1, {483, "primary"}}, {2, {200, "primary"}}},
                     {}};
  ScriptedNetwork proxy_down{{{"127.0.0.103", 200}, {"127.0.0.145", 200}}, {}, {}};
  const auto normal = checked(branch_phone(), up);
  const auto failover = checked(branch_phone(), proxy_down);
  status::Hysteresis h(2, 2);
  unsigned rounds = 0;
  for (const auto* c : {&normal, &failover, &failover, &normal}) {
    h.feed(cli::watch_round_targets(c->summary), c->summary.verdict.state);
    ++rounds;
  }
  ASSERT_EQ(normal.summary.verdict.state, status::SiteState::normal);
  ASSERT_EQ(h.reported(), status::SiteState::failover);
  const cli::WatchProgress progress{h, rounds};
  const std::string prom = cli::render_openmetrics(normal.summary, k_unix_time, &progress);
  EXPECT_NE(prom.find("sipsurv_site_state{domain=\"branch.example.test\",state=\"FAILOVER\"} 1\n"), std::string::npos);
  EXPECT_NE(prom.find("sipsurv_site_state{domain=\"branch.example.test\",state=\"NORMAL\"} 0\n"), std::string::npos);
  EXPECT_NE(prom.find("sipsurv_watch_rounds{domain=\"branch.example.test\"} 4\n"), std::string::npos);
  expect_golden("watch.prom", prom);
}

// The evidence bundle that the golden replay cases (tests/golden/status/
// replay_*/args) read: the relaying round above as `status --save` records
// it. The file is a golden file too: a change to the bundle format shows
// here first.
TEST(StatusGolden, ReplayBundleOfTheRelayingRound)
{
  ScriptedNetwork net{{{"127.0.0.102", 200}, {"127.0.0.103", 200}, {"127.0.0.145", 200}},
                      {{0, {483, "proxy"}}, {1, {483, "primary"}}, {2, {200, "primary"}}},
                      {}};
  FakeResolver r;
  sipsurv::test::add_branch_site(r, "branch.example.test", {"_sip._tcp"}, "127.0.0.102", "127.0.0.103");
  cli::EvidenceBundle b;
  status::RecordingResolver recording(r, b.evidence);
  const PhoneSettings s = branch_phone();
  auto plan = dns::make_plan(s);
  ASSERT_TRUE(plan);
  status::CheckOptions options;
  options.survivable_indicator = "X-Survivability";
  auto check = status::check_site(s, *plan, recording, status::recording_runner(net.runner(), b.evidence), options);
  ASSERT_TRUE(check);
  ASSERT_EQ(check->summary.verdict.state, status::SiteState::normal);
  b.sipsurv_version = SIPSURV_VERSION;
  b.taken_at = k_time;
  b.domain = "branch.example.test";
  b.settings = s;
  b.settings.sip_gateway.clear(); // DOMAIN was given, as the command line saves it
  b.survivable_indicator = options.survivable_indicator;
  b.measured_with = {"--survivable-indicator X-Survivability"};
  expect_golden("replay_same/bundle.json", cli::bundle_to_json(b));
}
