#include "core/dns/srv_order.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

namespace sipsurv::dns {
namespace {

std::map<std::uint16_t, std::vector<std::size_t>>
members_by_priority(std::span<const SrvData> srv)
{
  std::map<std::uint16_t, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < srv.size(); ++i) {
    groups[srv[i].priority].push_back(i);
  }
  return groups;
}

// Uniform integer in [0, n] from rng. Written out rather than taken from
// <random>'s distributions, whose algorithms differ between standard
// libraries, so a seed gives the same order everywhere.
std::uint64_t
uniform_inclusive(std::mt19937_64& rng, std::uint64_t n)
{
  const std::uint64_t range = n + 1;
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range); // reject the biased tail
  std::uint64_t x = rng();
  while (x >= limit) { // expected < 2 iterations; range <= 2^32
    x = rng();
  }
  return x % range;
}

// Canonical order inside a priority group: what the draw starts from, so it
// does not depend on the DNS answer's order.
void
sort_canonically(std::vector<std::size_t>& members, std::span<const SrvData> srv)
{
  std::stable_sort(members.begin(), members.end(),
                   [&](std::size_t a, std::size_t b) { return canonical_less(srv[a], srv[b]); });
}

} // namespace

bool
canonical_less(const SrvData& a, const SrvData& b)
{
  const std::string ta = normalize_name(a.target);
  const std::string tb = normalize_name(b.target);
  return std::tie(a.priority, ta, a.port, a.weight) < std::tie(b.priority, tb, b.port, b.weight);
}

std::vector<PriorityGroup>
group_by_priority(std::span<const SrvData> srv)
{
  std::vector<PriorityGroup> out;
  for (auto& [priority, members] : members_by_priority(srv)) {
    PriorityGroup g{priority, members, {}};
    std::uint64_t sum = 0;
    std::size_t zero_count = 0;
    for (std::size_t i : members) {
      sum += srv[i].weight;
      zero_count += srv[i].weight == 0 ? 1U : 0U;
    }
    // Draw r in [0, S] over the running sums of the shuffled list, zero
    // weights first. r = 0 picks the first entry: the first zero-weight
    // entry if there is one, else whichever entry the shuffle put first.
    const double denominator = static_cast<double>(sum + 1);
    const double n = static_cast<double>(members.size());
    for (std::size_t i : members) {
      const double w = static_cast<double>(srv[i].weight);
      double share = 0;
      if (zero_count > 0) {
        share = srv[i].weight == 0 ? 1.0 / (denominator * static_cast<double>(zero_count)) : w / denominator;
      } else {
        share = (w + 1.0 / n) / denominator;
      }
      g.shares.push_back(share);
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<std::size_t>
weighted_order(std::span<const SrvData> srv, std::mt19937_64& rng)
{
  std::vector<std::size_t> order;
  order.reserve(srv.size());
  for (auto& [priority, members] : members_by_priority(srv)) {
    std::vector<std::size_t> left = members;
    sort_canonically(left, srv);
    while (!left.empty()) {
      // RFC 2782: "arrange all SRV RRs (that have not been ordered yet) in
      // any order, except that all those with weight 0 are placed at the
      // beginning". The order among equals is shuffled so no entry is
      // favoured by its position in the DNS answer.
      for (std::size_t k = left.size(); k > 1; --k) { // Fisher-Yates with our own uniform draw
        std::swap(left[k - 1], left[static_cast<std::size_t>(uniform_inclusive(rng, k - 1))]);
      }
      std::stable_partition(left.begin(), left.end(), [&](std::size_t i) { return srv[i].weight == 0; });
      std::uint64_t sum = 0;
      for (std::size_t i : left) {
        sum += srv[i].weight;
      }
      const std::uint64_t pick = uniform_inclusive(rng, sum);
      std::uint64_t running = 0;
      auto chosen = left.begin();
      for (auto it = left.begin(); it != left.end(); ++it) {
        running += srv[*it].weight;
        if (running >= pick) {
          chosen = it;
          break;
        }
      }
      order.push_back(*chosen);
      left.erase(chosen);
    }
  }
  return order;
}

std::vector<std::size_t>
phone_order(std::span<const SrvData> srv, std::uint64_t seed)
{
  std::mt19937_64 rng(seed);
  return weighted_order(srv, rng);
}

} // namespace sipsurv::dns
