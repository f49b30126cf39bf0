#include "cli/render/monitoring_render.hpp"
#include "core/status/outcome.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <regex>
#include <set>
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
  s.probes.push_back({"server",
                      "sip1.healthy.lab.test",
                      5061,
                      "127.0.0.11",
                      Transport::tls,
                      "timeout",
                      {},
                      "",
                      {},
                      {},
                      "no answer",
                      {}});
  s.probes.push_back({"server", "sip2.healthy.lab.test", 5061, "127.0.0.12", Transport::tls, "ok", 200, "OK", 12.34,
                      364, "", 1795513020});
  s.findings.push_back(report::make_finding("STA001", "The phone would fail over.", "sip1 timeout"));
  return s;
}

} // namespace

TEST(Nagios, StatusLineAndPerfdata)
{
  const std::string out = render_nagios(sample());
  const std::string first = out.substr(0, out.find('\n'));
  EXPECT_EQ(first.rfind("SIPSURV WARNING - healthy.lab.test FAILOVER: ", 0), 0U) << first;
  EXPECT_NE(first.find("|'rtt_sip2.healthy.lab.test_5061_tls_127.0.0.12'=12.3ms;;;0 "), std::string::npos) << first;
  EXPECT_NE(first.find("'cert_days_sip2.healthy.lab.test_5061_tls_127.0.0.12'=364;30:;0: "), std::string::npos)
    << first;
  EXPECT_NE(first.find("'probes_ok'=1;;;0;2"), std::string::npos) << first;
  // No rtt for the probe that got no answer: a timeout is not a measurement.
  EXPECT_EQ(first.find("rtt_sip1"), std::string::npos);
  EXPECT_NE(out.find("\nSTA001 warning: The phone would fail over.\n"), std::string::npos);
  // Every perfdata item follows 'label'=value[UOM];[warn];[crit];[min];[max]
  // (tests/cli/check_nagios.py checks the whole grammar on every output).
  const std::regex item(R"('[A-Za-z0-9_.:\-]+'=-?[0-9.]+(ms|s|%|B|c)?(;[0-9:~@]*){0,2}(;[0-9.]*){0,2})");
  std::istringstream perf(first.substr(first.find('|') + 1));
  std::string token;
  while (perf >> token) {
    EXPECT_TRUE(std::regex_match(token, item)) << token;
  }
}

TEST(Nagios, CodesFollowStatesAndThresholds)
{
  using status::Outcome;
  using status::outcome_of;
  EXPECT_EQ(outcome_of(status::SiteState::normal), Outcome::ok);
  EXPECT_EQ(outcome_of(status::SiteState::survivable), Outcome::warning);
  EXPECT_EQ(outcome_of(status::SiteState::backup), Outcome::critical);
  EXPECT_EQ(outcome_of(status::SiteState::down), Outcome::critical);
  EXPECT_EQ(outcome_of(status::SiteState::unknown), Outcome::unknown);
  // The first word of the line is the exit status: a critical breach on a
  // FAILOVER site (a warning state) is CRITICAL.
  auto s = sample();
  s.threshold_level = 2;
  EXPECT_EQ(outcome_of(s), Outcome::critical);
  EXPECT_EQ(render_nagios(s).rfind("SIPSURV CRITICAL - ", 0), 0U) << render_nagios(s);
  s.verdict.state = status::SiteState::unknown;
  EXPECT_EQ(outcome_of(s), Outcome::unknown);
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
  // Expiry as a Unix time (blackbox_exporter's probe_ssl_earliest_cert_expiry), not days.
  EXPECT_NE(out.find("sipsurv_tls_cert_expiry_timestamp_seconds{domain=\"healthy.lab.test\",role=\"server\","
                     "target=\"sip2.healthy.lab.test\",port=\"5061\",address=\"127.0.0.12\",transport=\"tls\"} "
                     "1795513020\n"),
            std::string::npos)
    << out;
  EXPECT_NE(out.find("# UNIT sipsurv_tls_cert_expiry_timestamp_seconds seconds\n"), std::string::npos);
  EXPECT_EQ(out.find("days"), std::string::npos);
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

// A target with two addresses (and a backup with the same name) gets one
// label per server x address x transport: values no longer overwrite each
// other in a graphing backend.
TEST(Nagios, OneLabelPerServerAddressAndTransport)
{
  auto s = sample();
  s.probes.clear();
  for (const char* addr : {"127.0.0.11", "::1"}) {
    s.probes.push_back({"server", "sip1.test", 5061, addr, Transport::tls, "ok", 200, "OK", 1.0, 90, "", {}});
    s.probes.push_back({"server", "sip1.test", 5060, addr, Transport::tcp, "ok", 200, "OK", 1.0, {}, "", {}});
  }
  s.probes.push_back({"backup", "sip1.test", 5060, "::1", Transport::tcp, "ok", 200, "OK", 1.0, {}, "", {}});
  s.probes.push_back({"backup", "sip1.test", 5060, "::1", Transport::tcp, "ok", 200, "OK", 1.0, {}, "", {}});
  const std::string first = render_nagios(s).substr(0, render_nagios(s).find('\n'));
  std::istringstream perf(first.substr(first.find('|') + 1));
  std::set<std::string> labels;
  std::string token;
  while (perf >> token) {
    const std::string label = token.substr(0, token.find('='));
    EXPECT_TRUE(labels.insert(label).second) << "repeated " << label << " in " << first;
  }
  EXPECT_EQ(labels.size(), 1U + 6U + 2U) << first; // probes_ok, 6 rtt, 2 cert_days
  EXPECT_TRUE(labels.contains("'rtt_sip1.test_5061_tls_127.0.0.11'"));
  EXPECT_TRUE(labels.contains("'rtt_sip1.test_5061_tls_::1'"));
  EXPECT_TRUE(labels.contains("'cert_days_sip1.test_5061_tls_::1'"));
  EXPECT_TRUE(labels.contains("'rtt_backup_sip1.test_5060_tcp_::1'"));
  EXPECT_TRUE(labels.contains("'rtt_backup_sip1.test_5060_tcp_::1_2'"));
}

// Nothing from DNS or the network can end the text part early or break a
// label: '|' is escaped everywhere, quotes are doubled in labels, '=' and
// control characters are escaped.
TEST(Nagios, HostileNamesCannotBreakTheOutput)
{
  auto s = sample();
  s.domain = "a|b.test";
  s.verdict.reason = "the server 'x|y' said \"503 | busy\"\nSIPSURV OK";
  s.probes[1].target = "it's=a|trap\x1b[31m";
  s.findings[0].message = "from x|y";
  const std::string out = render_nagios(s);
  const std::string first = out.substr(0, out.find('\n'));
  EXPECT_EQ(std::count(first.begin(), first.end(), '|'), 1) << first;
  EXPECT_EQ(
    first.rfind("SIPSURV WARNING - a\\x7cb.test FAILOVER: the server 'x\\x7cy' said \"503 \\x7c busy\"\\x0aSIPSURV OK|",
                0),
    0U)
    << first;
  EXPECT_NE(first.find("'rtt_it''s\\x3da\\x7ctrap\\x1b[31m_5061_tls_127.0.0.12'=12.3ms"), std::string::npos) << first;
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  const std::string rest = out.substr(out.find('\n') + 1);
  EXPECT_EQ(rest.find('|'), std::string::npos) << rest;
  EXPECT_NE(rest.find("STA001 warning: from x\\x7cy\n"), std::string::npos) << rest;
}

// The thresholds the summary was judged by (--rtt-warning, --warning, …)
// fill warn and crit as the user wrote them; the outage figures follow.
TEST(Nagios, ThresholdsFillTheWarnAndCritFields)
{
  auto s = sample();
  s.rtt_warning = status::parse_range("100").value();
  s.rtt_critical = status::parse_range("@500:").value();
  s.cert_warn_days = 60;
  s.cert_critical_days = 7;
  s.worst_outage_s = 40.05;
  s.best_outage_s = 2.05;
  s.outage_warning = status::parse_range("30").value();
  s.outage_critical = status::parse_range("60").value();
  const std::string out = render_nagios(s);
  EXPECT_NE(out.find("'rtt_sip2.healthy.lab.test_5061_tls_127.0.0.12'=12.3ms;100;@500:;0 "), std::string::npos) << out;
  EXPECT_NE(out.find("'cert_days_sip2.healthy.lab.test_5061_tls_127.0.0.12'=364;60:;7: "), std::string::npos) << out;
  EXPECT_NE(out.find(" 'outage_worst'=40.050s;30;60;0 'outage_best'=2.050s;;;0\n"), std::string::npos) << out;
  s.worst_outage_s = std::numeric_limits<double>::infinity();
  EXPECT_NE(render_nagios(s).find(" 'outage_worst'=U;30;60;0 'outage_best'=2.050s;;;0\n"), std::string::npos)
    << render_nagios(s);
}

TEST(OpenMetrics, WatchShowsTheHysteresisStateAndRoundCounts)
{
  status::Hysteresis h(2, 2);
  h.feed({{"a:5060/udp", true}}, status::SiteState::normal);
  h.feed({{"a:5060/udp", false}}, status::SiteState::down); // one bad round: still NORMAL
  const auto s = sample();                                  // the round's raw verdict: FAILOVER
  const WatchProgress progress{h, 2};
  const std::string out = render_openmetrics(s, 0, &progress);
  EXPECT_NE(out.find("sipsurv_site_state{domain=\"healthy.lab.test\",state=\"NORMAL\"} 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("sipsurv_site_state{domain=\"healthy.lab.test\",state=\"FAILOVER\"} 0\n"), std::string::npos);
  EXPECT_NE(out.find("sipsurv_watch_rounds{domain=\"healthy.lab.test\"} 2\n"), std::string::npos);
  EXPECT_NE(out.find("sipsurv_watch_target_up{domain=\"healthy.lab.test\",target=\"a:5060/udp\"} 1\n"),
            std::string::npos);
  EXPECT_NE(
    out.find("sipsurv_watch_target_rounds{domain=\"healthy.lab.test\",target=\"a:5060/udp\",result=\"failed\"} 1\n"),
    std::string::npos);
  EXPECT_NE(out.find("sipsurv_watch_state_changes{domain=\"healthy.lab.test\"} 0\n"), std::string::npos);
  // Without watch, the round's own verdict.
  EXPECT_NE(render_openmetrics(s, 0).find("state=\"FAILOVER\"} 1\n"), std::string::npos);
}
