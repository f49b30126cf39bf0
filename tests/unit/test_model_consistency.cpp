// Sections of one report must name the same servers: simulate's server
// list, timeline, summary and headline, in text and in JSON; status's first
// line, its Simulation section and its JSON verdict. And a rotating DNS
// server must not change a report.
#include "cli/render/simulate_render.hpp"
#include "cli/render/status_render.hpp"
#include "core/model/phone_model.hpp"
#include "tests/unit/fakes/branch_site.hpp"
#include "tests/unit/fakes/random_site.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <vector>

using namespace sipsurv;
using sipsurv::test::Draws;
using sipsurv::test::FakeResolver;
using sipsurv::test::ScriptedNetwork;

namespace {

// These tests read the text a line a record; at this width no line wraps.
// What they compare is content, not layout (the goldens cover the wrapping).
const cli::TextStyle k_unwrapped{false, 100000};

// Every "host:port" a text line names after `prefix`, in order.
std::vector<std::string>
servers_in(const std::string& text, const std::string& prefix)
{
  static const std::regex k_server(R"(([a-z0-9.-]+\.[a-z]+:[0-9]+))");
  std::vector<std::string> out;
  const auto at = text.find(prefix);
  if (at == std::string::npos) {
    return out;
  }
  const std::string line = text.substr(at + prefix.size(), text.find('\n', at) - at - prefix.size());
  for (std::sregex_iterator it(line.begin(), line.end(), k_server), end; it != end; ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

std::vector<std::string>
list_section(const std::string& text)
{
  std::vector<std::string> out;
  static const std::regex k_row(R"(\n  [0-9]+\. ([^ ]+)  priority)");
  for (std::sregex_iterator it(text.begin(), text.end(), k_row), end; it != end; ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

} // namespace

TEST(ModelConsistency, SimulateSectionsNameTheSameServers)
{
  std::size_t compared = 0;
  for (std::uint64_t i = 1; i <= 200; ++i) {
    Draws d(i * 7919);
    test::Site site = test::random_site(d);
    model::Scenario sc;
    sc.steps = site.world;
    cli::SimulateReport report;
    report.domain = "example.com";
    report.resolver = "zone file zone";
    report.input = site.in;
    report.result = model::simulate(site.in, sc, 3600000); // long enough for the slowest start
    const std::string text = cli::render_simulate_text(report, k_unwrapped);
    const auto json = nlohmann::json::parse(cli::render_simulate_json(report));

    std::vector<std::string> order;
    for (const auto& s : site.in.servers) {
      order.push_back(model::server_label(s));
    }
    std::vector<std::string> json_order;
    for (const auto& s : json["servers"]) {
      json_order.push_back(fmt::format("{}:{}", s["target"].get<std::string>(), s["port"].get<int>()));
    }
    EXPECT_EQ(list_section(text), order) << "site " << i;
    EXPECT_EQ(json_order, order) << "site " << i;
    EXPECT_EQ(servers_in(text, "dns-fetch        SRV list for"), order) << "site " << i;

    // With no event after +0, where the phone registered first is where it
    // stays, and what the summary says fails.
    std::string first_registered;
    for (const auto& e : json["timeline"]) {
      if (e["kind"] == "registered") {
        first_registered = e["server"].get<std::string>();
        break;
      }
    }
    first_registered = first_registered.substr(0, first_registered.find(' ')); // "host:port (address)"
    const auto& what_if = json["summary"]["if_current_fails"];
    if (what_if.is_null()) {
      EXPECT_TRUE(json["summary"]["registered_with"].is_null()) << "site " << i;
      continue;
    }
    ++compared;
    const std::string failed = what_if["failed"].get<std::string>();
    EXPECT_EQ(first_registered, failed) << "site " << i;
    EXPECT_EQ(json["summary"]["registered_with"], failed) << "site " << i;
    EXPECT_EQ(servers_in(text, "End state: registered with"), std::vector<std::string>{failed}) << "site " << i;
    EXPECT_EQ(servers_in(text.substr(0, text.find('\n')), ": registered with"), std::vector<std::string>{failed})
      << "site " << i;
    const auto named = servers_in(text, "  If ");
    ASSERT_FALSE(named.empty()) << "site " << i;
    EXPECT_EQ(named.front(), failed) << "site " << i;
    if (!what_if["next"].is_null()) {
      const std::string next = what_if["next"].get<std::string>();
      EXPECT_EQ(named.back(), next.substr(next.find(' ') == std::string::npos ? 0 : next.find(' ') + 1))
        << "site " << i;
    }
  }
  EXPECT_GT(compared, 100U);
}

namespace {

PhoneSettings
branch_phone()
{
  PhoneSettings s;
  s.sip_gateway = "branch.example.test";
  s.transport = Transport::tcp;
  s.connectivity_check = std::chrono::seconds(30);
  s.backup_proxy = HostPort{"127.0.0.145", 0};
  return s;
}

// The branch site with two more primaries at priority 20, published in the
// order `rotation` gives (a rotating DNS server).
status::SiteCheck
rotated_site(const PhoneSettings& s, ScriptedNetwork& net, std::size_t rotation)
{
  FakeResolver r;
  r.add_empty("branch.example.test", dns::rr::naptr);
  const std::vector<std::pair<std::uint16_t, std::string>> records{{10, "proxy.branch.example.test"},
                                                                   {20, "primary.branch.example.test"},
                                                                   {20, "second.branch.example.test"},
                                                                   {20, "third.branch.example.test"}};
  for (std::size_t k = 0; k < records.size(); ++k) {
    const auto& [priority, target] = records[(k + rotation) % records.size()];
    r.add_srv("_sip._tcp.branch.example.test", 300, priority, 10, 5060, target);
  }
  r.add_a("proxy.branch.example.test", 300, "127.0.0.102");
  r.add_a("primary.branch.example.test", 300, "127.0.0.103");
  r.add_a("second.branch.example.test", 300, "127.0.0.104");
  r.add_a("third.branch.example.test", 300, "127.0.0.105");
  return test::run_check_site(s, r, net);
}

} // namespace

TEST(ModelConsistency, StatusFirstLineAndSimulationNameTheSameServer)
{
  const std::vector<std::map<std::string, int>> answers{
    {{"127.0.0.102", 200}, {"127.0.0.103", 200}, {"127.0.0.104", 200}, {"127.0.0.105", 200}, {"127.0.0.145", 200}},
    {{"127.0.0.103", 200}, {"127.0.0.104", 200}, {"127.0.0.105", 200}, {"127.0.0.145", 200}},
    {{"127.0.0.102", 503}, {"127.0.0.104", 200}, {"127.0.0.145", 200}},
    {{"127.0.0.102", 403}, {"127.0.0.105", 200}},
    {{"127.0.0.145", 200}},
    {},
  };
  const cli::StatusContext ctx{"2026-11-24T09:37:00Z", {}, 5};
  for (std::size_t a = 0; a < answers.size(); ++a) {
    std::string first_text;
    for (std::size_t rotation = 0; rotation < 4; ++rotation) {
      ScriptedNetwork net{answers[a], {}, {}};
      const auto check = rotated_site(branch_phone(), net, rotation);
      const std::string text = cli::render_status_text(check, ctx, k_unwrapped);
      const auto json = nlohmann::json::parse(cli::render_status_json(check, ctx));
      const auto headline = servers_in(text.substr(0, text.find('\n')), "register with");
      const auto simulation = servers_in(text, "  now: registered with");
      EXPECT_EQ(headline, simulation) << "answers " << a << " rotation " << rotation << "\n" << text;
      const auto& serving = json["verdict"]["serving"];
      if (serving.is_null()) {
        EXPECT_TRUE(simulation.empty()) << "answers " << a;
      } else {
        EXPECT_EQ(simulation,
                  std::vector<std::string>{
                    fmt::format("{}:{}", serving["target"].get<std::string>(), serving["port"].get<int>())})
          << "answers " << a << " rotation " << rotation;
        EXPECT_NE(json["simulation"]["where"].get<std::string>().find(simulation.front()), std::string::npos);
      }
      // A rotating DNS server does not change the report (same seed).
      if (rotation == 0) {
        first_text = text;
      } else {
        EXPECT_EQ(text, first_text) << "answers " << a << " rotation " << rotation;
      }
    }
  }
}
