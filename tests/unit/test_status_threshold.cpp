#include "core/status/threshold.hpp"

#include <gtest/gtest.h>

using sipsurv::status::alerts;
using sipsurv::status::parse_range;

// The examples of the Monitoring Plugins development guidelines.
TEST(ThresholdRange, TheGuidelinesExamples)
{
  const auto ten = parse_range("10");
  ASSERT_TRUE(ten);
  EXPECT_TRUE(alerts(*ten, -1));
  EXPECT_FALSE(alerts(*ten, 0));
  EXPECT_FALSE(alerts(*ten, 10));
  EXPECT_TRUE(alerts(*ten, 10.5));

  const auto from_ten = parse_range("10:");
  ASSERT_TRUE(from_ten);
  EXPECT_TRUE(alerts(*from_ten, 9.9));
  EXPECT_FALSE(alerts(*from_ten, 1e9));

  const auto up_to_ten = parse_range("~:10");
  ASSERT_TRUE(up_to_ten);
  EXPECT_FALSE(alerts(*up_to_ten, -1e9));
  EXPECT_TRUE(alerts(*up_to_ten, 11));

  const auto between = parse_range("10:20");
  ASSERT_TRUE(between);
  EXPECT_TRUE(alerts(*between, 9));
  EXPECT_FALSE(alerts(*between, 15));
  EXPECT_TRUE(alerts(*between, 21));

  const auto inside = parse_range("@10:20");
  ASSERT_TRUE(inside);
  EXPECT_FALSE(alerts(*inside, 9));
  EXPECT_TRUE(alerts(*inside, 10));
  EXPECT_TRUE(alerts(*inside, 20));
  EXPECT_FALSE(alerts(*inside, 21));
  EXPECT_EQ(inside->text, "@10:20");

  const auto decimals = parse_range("0.5:2.5");
  ASSERT_TRUE(decimals);
  EXPECT_FALSE(alerts(*decimals, 1));
}

TEST(ThresholdRange, BadRangesSayWhatIsAllowed)
{
  for (const char* bad : {"", "@", "abc", "10:5", "nan", "inf", "1:x", "x:1", "~"}) {
    const auto r = parse_range(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("allowed: a range as Monitoring Plugins write it"), std::string::npos)
      << r.error().message;
  }
}

#include "core/status/thresholds.hpp"

namespace {

sipsurv::model::LiveSummary
registered_with_worst(sipsurv::model::Millis worst_ms, bool unbounded = false)
{
  sipsurv::model::LiveSummary sum;
  sum.registered = 0;
  sipsurv::model::WhatIf w;
  w.failed = "sip1.example.test:5061";
  w.in_use = true;
  w.outage.worst = worst_ms;
  w.outage.unbounded = unbounded;
  sum.if_current_fails = w;
  return sum;
}

sipsurv::status::ProbeRow
row(double rtt, std::optional<long> days = std::nullopt)
{
  sipsurv::status::ProbeRow r;
  r.target = "sip1.example.test";
  r.port = 5061;
  r.address = "192.0.2.1";
  r.rtt_ms = rtt;
  r.cert_days_left = days;
  return r;
}

} // namespace

// -w/-c judge the simulated worst-case outage; each breach is a finding at
// the threshold's level, and the level is the worst breach.
TEST(Thresholds, OutageRttAndCertificateDays)
{
  using namespace sipsurv::status;
  Thresholds t;
  t.outage_warning = *parse_range("20");
  t.outage_critical = *parse_range("60");
  t.rtt_warning = *parse_range("100");
  t.cert_critical_days = 7;

  const std::vector<ProbeRow> fast{row(12.5, 90)};
  auto calm = check_thresholds(t, fast, registered_with_worst(15000));
  EXPECT_EQ(calm.level, Level::ok);
  EXPECT_TRUE(calm.findings.empty());

  auto warn = check_thresholds(t, fast, registered_with_worst(40050));
  EXPECT_EQ(warn.level, Level::warning);
  ASSERT_EQ(warn.findings.size(), 1U);
  EXPECT_EQ(warn.findings[0].id, "STA008");
  EXPECT_EQ(warn.findings[0].evidence, "worst case 40.050 s; --warning 20");

  auto crit = check_thresholds(t, fast, registered_with_worst(0, true));
  EXPECT_EQ(crit.level, Level::critical);
  EXPECT_EQ(crit.findings[0].severity, sipsurv::report::Severity::critical);

  const std::vector<ProbeRow> slow_and_expiring{row(150.0, 3)};
  auto both = check_thresholds(t, slow_and_expiring, registered_with_worst(1000));
  EXPECT_EQ(both.level, Level::critical);
  ASSERT_EQ(both.findings.size(), 2U);
  EXPECT_EQ(both.findings[0].id, "STA009");
  EXPECT_EQ(both.findings[0].severity, sipsurv::report::Severity::warning);
  EXPECT_EQ(both.findings[1].id, "TLS009");
}
