#include "cli/render/monitoring_render.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

using namespace sipsurv;
using namespace sipsurv::cli;

namespace {

status::SiteSummary
sample()
{
  status::SiteSummary s;
  s.domain = "healthy.lab.test";
  s.verdict.state = status::SiteState::failover;
  s.verdict.reason = "the priority-10 server(s) do not answer";
  s.probes.push_back(
    {"server", "sip1.healthy.lab.test", 5061, "127.0.0.11", Transport::tls, "timeout", {}, "", {}, {}, "no answer"});
  s.probes.push_back(
    {"server", "sip2.healthy.lab.test", 5061, "127.0.0.12", Transport::tls, "ok", 200, "OK", 12.34, 364, ""});
  s.findings.push_back(report::make_finding("STA001", "The phone would fail over.", "sip1 timeout"));
  return s;
}

} // namespace

TEST(Nagios, StatusLineAndPerfdata)
{
  const std::string out = render_nagios(sample());
  const std::string first = out.substr(0, out.find('\n'));
  EXPECT_EQ(first.rfind("SIPSURV WARNING - healthy.lab.test FAILOVER: ", 0), 0U) << first;
  EXPECT_NE(first.find("|'rtt_sip2.healthy.lab.test_5061_tls'=12.3ms;;;0; "), std::string::npos) << first;
  EXPECT_NE(first.find("'cert_days_sip2.healthy.lab.test_5061'=364;30:;0:;;"), std::string::npos) << first;
  EXPECT_NE(first.find("'probes_ok'=1;;;0;2"), std::string::npos) << first;
  // No rtt for the probe that got no answer: a timeout is not a measurement.
  EXPECT_EQ(first.find("rtt_sip1"), std::string::npos);
  EXPECT_NE(out.find("\nSTA001 warning: The phone would fail over.\n"), std::string::npos);
  // Every perfdata item follows 'label'=value[UOM];[warn];[crit];[min];[max].
  const std::regex item(R"('[A-Za-z0-9_.\-]+'=-?[0-9.]+(ms|s|%|B|c)?;[0-9:~@]*;[0-9:~@]*;[0-9.]*;[0-9.]*)");
  std::istringstream perf(first.substr(first.find('|') + 1));
  std::string token;
  while (perf >> token) {
    EXPECT_TRUE(std::regex_match(token, item)) << token;
  }
}

TEST(Nagios, CodesFollowStates)
{
  EXPECT_EQ(nagios_code(status::SiteState::normal), 0);
  EXPECT_EQ(nagios_code(status::SiteState::survivable), 1);
  EXPECT_EQ(nagios_code(status::SiteState::backup), 2);
  EXPECT_EQ(nagios_code(status::SiteState::down), 2);
  EXPECT_EQ(nagios_code(status::SiteState::unknown), 3);
}

TEST(OpenMetrics, TextfileFormat)
{
  const std::string out = render_openmetrics(sample(), 1764000000);
  EXPECT_NE(out.find("sipsurv_site_state{domain=\"healthy.lab.test\",state=\"FAILOVER\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("sipsurv_site_state{domain=\"healthy.lab.test\",state=\"NORMAL\"} 0\n"), std::string::npos);
  EXPECT_NE(out.find("sipsurv_probe_up{domain=\"healthy.lab.test\",role=\"server\",target=\"sip1.healthy.lab.test\","
                     "port=\"5061\",address=\"127.0.0.11\",transport=\"tls\"} 0\n"),
            std::string::npos);
  EXPECT_NE(out.find("sipsurv_probe_rtt_seconds{"), std::string::npos);
  EXPECT_NE(out.find("} 0.012340\n"), std::string::npos);
  EXPECT_NE(out.find("sipsurv_tls_cert_days_left{"), std::string::npos);
  EXPECT_NE(out.find("sipsurv_findings{domain=\"healthy.lab.test\",severity=\"warning\"} 1\n"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 6), "# EOF\n");
  // Every sample line is: name{labels} value
  std::istringstream lines(out);
  std::string line;
  const std::regex sample_line(R"([a-z_]+\{[^}]*\} -?[0-9.e+]+)");
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    EXPECT_TRUE(std::regex_match(line, sample_line)) << line;
  }
}

TEST(OpenMetrics, LabelValuesAreEscaped)
{
  auto s = sample();
  s.domain = "evil\"\\\n.test";
  const std::string out = render_openmetrics(s, 0);
  EXPECT_NE(out.find(R"(domain="evil\"\\\n.test")"), std::string::npos);
}
