#include "core/status/survivability.hpp"

#include <gtest/gtest.h>

using namespace sipsurv::status;

namespace {

HopAnswer
hop(int mf, std::optional<int> status, std::string server, std::string reason = "OK")
{
  HopAnswer h;
  h.max_forwards = mf;
  h.status = status;
  h.server = std::move(server);
  h.reason = std::move(reason);
  return h;
}

} // namespace

TEST(Survivability, NoAnswerIsUnreachable)
{
  ProxyEvidence e{{hop(0, std::nullopt, ""), hop(1, std::nullopt, ""), hop(2, std::nullopt, "")}, {}, {}};
  EXPECT_EQ(infer_proxy_mode(e).mode, ProxyMode::unreachable);
}

TEST(Survivability, PrimaryAnsweringThroughProxyIsRelaying)
{
  // MF 0: the proxy answers 483 itself; MF 1: the primary answers 483; MF 2: the primary answers 200.
  ProxyEvidence e{{hop(0, 483, "branch-gw", "Too Many Hops"), hop(1, 483, "osv-primary", "Too Many Hops"),
                   hop(2, 200, "osv-primary")},
                  std::string("osv-primary"),
                  {}};
  const auto r = infer_proxy_mode(e);
  EXPECT_EQ(r.mode, ProxyMode::relaying);
  EXPECT_NE(r.evidence.find("Max-Forwards 1: 483"), std::string::npos);
}

TEST(Survivability, ProxyAnsweringItselfIsStandingIn)
{
  ProxyEvidence e{{hop(0, 483, "branch-gw", "Too Many Hops"), hop(1, 200, "branch-gw"), hop(2, 200, "branch-gw")},
                  std::string("osv-primary"),
                  {}};
  EXPECT_EQ(infer_proxy_mode(e).mode, ProxyMode::standing_in);
}

TEST(Survivability, IndicatorDecides)
{
  auto h = hop(1, 200, "same");
  h.headers = {"X-Survivability: active"};
  ProxyEvidence e{{hop(0, 200, "same"), h}, {}, "X-Survivability: active"};
  const auto r = infer_proxy_mode(e);
  EXPECT_EQ(r.mode, ProxyMode::standing_in);
  EXPECT_NE(r.evidence.find("indicator"), std::string::npos);
}

TEST(Survivability, ErrorFromProxyItselfIsUnknown)
{
  ProxyEvidence e{{hop(0, 483, "gw", "Too Many Hops"), hop(1, 503, "gw", "Service Unavailable")}, {}, {}};
  const auto r = infer_proxy_mode(e);
  EXPECT_EQ(r.mode, ProxyMode::unknown);
  EXPECT_NE(r.evidence.find("503"), std::string::npos);
}
