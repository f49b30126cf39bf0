#include "core/dns/srv_order.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

using sipsurv::dns::group_by_priority;
using sipsurv::dns::phone_order;
using sipsurv::dns::SrvData;
using sipsurv::dns::weighted_order;

namespace {

std::vector<SrvData>
srv(std::initializer_list<std::pair<std::uint16_t, std::uint16_t>> prio_weight)
{
  std::vector<SrvData> out;
  int n = 0;
  for (auto [p, w] : prio_weight) {
    out.push_back(SrvData{p, w, 5061, "t" + std::to_string(n++)});
  }
  return out;
}

} // namespace

TEST(SrvOrder, GroupsByPriorityLowestFirst)
{
  const auto list = srv({{20, 10}, {10, 5}, {20, 30}, {10, 5}});
  const auto groups = group_by_priority(list);
  ASSERT_EQ(groups.size(), 2U);
  EXPECT_EQ(groups[0].priority, 10);
  EXPECT_EQ(groups[0].members, (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(groups[1].priority, 20);
  EXPECT_EQ(groups[1].members, (std::vector<std::size_t>{0, 2}));
}

TEST(SrvOrder, SharesFollowRfc2782FirstPickProbabilities)
{
  // Weights 60 and 40: S = 100, draws in [0, 100]; the draw of 0 goes to
  // whichever target was shuffled first, half the time each.
  const auto groups = group_by_priority(srv({{10, 60}, {10, 40}}));
  ASSERT_EQ(groups.size(), 1U);
  EXPECT_NEAR(groups[0].shares[0], 60.5 / 101.0, 1e-12);
  EXPECT_NEAR(groups[0].shares[1], 40.5 / 101.0, 1e-12);
}

TEST(SrvOrder, WeightZeroGetsOnlyTheDrawOfZero)
{
  const auto groups = group_by_priority(srv({{10, 0}, {10, 9}}));
  EXPECT_NEAR(groups[0].shares[0], 1.0 / 10.0, 1e-12);
  EXPECT_NEAR(groups[0].shares[1], 9.0 / 10.0, 1e-12);
}

TEST(SrvOrder, AllWeightsZeroShareEqually)
{
  const auto groups = group_by_priority(srv({{10, 0}, {10, 0}, {10, 0}, {10, 0}}));
  for (double s : groups[0].shares) {
    EXPECT_DOUBLE_EQ(s, 0.25);
  }
}

TEST(SrvOrder, SingleTargetHasTheWholeShare)
{
  const auto groups = group_by_priority(srv({{1, 7}}));
  EXPECT_DOUBLE_EQ(groups[0].shares[0], 1.0);
  std::mt19937_64 rng(1);
  EXPECT_EQ(weighted_order(srv({{1, 7}}), rng), (std::vector<std::size_t>{0}));
}

TEST(SrvOrder, OrderKeepsPriorityGroupsInOrder)
{
  const auto list = srv({{30, 1}, {10, 1}, {20, 1}, {10, 100}});
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    std::mt19937_64 rng(seed);
    const auto order = weighted_order(list, rng);
    ASSERT_EQ(order.size(), 4U);
    // Priority 10 entries (1 and 3) first, then 20 (2), then 30 (0).
    EXPECT_TRUE((order[0] == 1 && order[1] == 3) || (order[0] == 3 && order[1] == 1));
    EXPECT_EQ(order[2], 2U);
    EXPECT_EQ(order[3], 0U);
  }
}

// "target:port" of `order` over `list`, for comparing orders of permuted lists.
std::vector<std::string>
targets(const std::vector<SrvData>& list, const std::vector<std::size_t>& order)
{
  std::vector<std::string> out;
  for (std::size_t i : order) {
    out.push_back(list[i].target + ":" + std::to_string(list[i].port));
  }
  return out;
}

TEST(SrvOrder, SameSeedSameOrder)
{
  // Pinned: seed 42 over this list gives this order, on every platform
  // (std::mt19937_64 is fully specified; the draw uses no <random>
  // distribution). A change here changes every --seed 42 report.
  const auto list = srv({{10, 10}, {10, 20}, {10, 30}, {10, 0}, {20, 5}, {20, 5}});
  EXPECT_EQ(phone_order(list, 42), (std::vector<std::size_t>{0, 2, 1, 3, 4, 5}));
  EXPECT_EQ(phone_order(list, 7), (std::vector<std::size_t>{1, 2, 0, 3, 5, 4}));
  std::mt19937_64 a(42);
  EXPECT_EQ(weighted_order(list, a), phone_order(list, 42));
}

TEST(SrvOrder, AnswerOrderDoesNotChangeTheOrderForASeed)
{
  // A rotating DNS server returns the same records in another order: every
  // permutation gives the same targets in the same order for a seed.
  std::vector<SrvData> list{{10, 10, 5061, "b.example"}, {10, 20, 5061, "A.example"}, {10, 30, 5061, "c.example"},
                            {10, 0, 5061, "d.example"},  {20, 5, 5061, "e.example"},  {20, 5, 5062, "e.example"}};
  for (std::uint64_t seed : {1ULL, 2ULL, 42ULL, 2782ULL}) {
    const auto want = targets(list, phone_order(list, seed));
    std::vector<SrvData> permuted = list;
    std::sort(permuted.begin(), permuted.end(), [](const SrvData& x, const SrvData& y) { return x.target < y.target; });
    std::size_t permutations = 0;
    do {
      const auto order = phone_order(permuted, seed);
      ASSERT_EQ(targets(permuted, order), want) << "seed " << seed << " permutation " << permutations;
      ++permutations;
    } while (std::next_permutation(permuted.begin(), permuted.end(),
                                   [](const SrvData& x, const SrvData& y) {
                                     return std::tie(x.target, x.port) < std::tie(y.target, y.port);
                                   }) &&
             permutations < 720);
    EXPECT_EQ(permutations, 720U); // 6! orders of the DNS answer
  }
}

TEST(SrvOrder, EqualWeightsAreDrawnEvenly)
{
  const auto list = srv({{10, 50}, {10, 50}, {10, 50}});
  std::map<std::size_t, int> first;
  constexpr int k_draws = 30000;
  std::mt19937_64 rng(7);
  for (int i = 0; i < k_draws; ++i) {
    ++first[weighted_order(list, rng).front()];
  }
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(first[i] / double(k_draws), 1.0 / 3.0, 0.015) << "target " << i;
  }
}

// Statistical check: over many seeded draws, how often each target comes
// first matches the shares group_by_priority reports (within 4 sigma).
TEST(SrvOrder, DrawFrequenciesMatchReportedShares)
{
  const auto list = srv({{10, 70}, {10, 20}, {10, 10}, {10, 0}});
  const auto shares = group_by_priority(list)[0].shares;
  constexpr int k_draws = 100000;
  std::vector<int> first(list.size(), 0);
  std::mt19937_64 rng(2782);
  for (int i = 0; i < k_draws; ++i) {
    ++first[weighted_order(list, rng).front()];
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const double p = shares[i];
    const double sigma = std::sqrt(p * (1 - p) / k_draws);
    EXPECT_NEAR(first[i] / double(k_draws), p, 4 * sigma + 1e-9) << "target " << i;
  }
  // The weight-0 target is possible but rare: 1/101.
  EXPECT_GT(first[3], 0);
}
