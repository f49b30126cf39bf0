#pragma once

#include "core/dns/records.hpp"

#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace sipsurv::dns {

// One priority group of an SRV set (RFC 2782): the indexes of its members in
// the input and each member's chance to be drawn first within the group.
struct PriorityGroup {
  std::uint16_t priority = 0;
  std::vector<std::size_t> members; // indexes into the SRV list, in input order
  std::vector<double> shares;       // same order as members; sums to 1
};

// The canonical order of SRV records: priority, then target
// case-insensitively, then port, then weight. Every list of records sipsurv
// shows or draws from is in it, so nothing depends on the order a DNS answer
// listed them in (resolvers such as dnsmasq rotate it).
bool canonical_less(const SrvData& a, const SrvData& b);

// Group by priority, lowest value first. Shares are the exact first-pick
// probabilities of RFC 2782's selection: a uniform number in [0, S] over the
// running sums, zero-weight entries first in random order. A member of
// weight w gets w/(S+1); the draw of 0 (chance 1/(S+1)) goes to the
// zero-weight members if any, else to whichever member was shuffled first.
std::vector<PriorityGroup> group_by_priority(std::span<const SrvData> srv);

// The full contact order of RFC 2782: priority groups in order, each group
// ordered by repeated weighted draws from `rng`. Returns indexes into `srv`.
// Inside a priority the records are first put in a canonical order (target
// case-insensitively, then port, then weight), so the same records and the
// same generator state give the same targets in the same order whatever
// order the DNS answer listed them in (resolvers such as dnsmasq rotate it).
std::vector<std::size_t> weighted_order(std::span<const SrvData> srv, std::mt19937_64& rng);

// The phone's order for one run: weighted_order with a generator seeded by
// `seed` (--seed). The one place the server order is drawn: resolve_site
// uses it for the site's list and the phone model for a changed list after
// a TTL refetch.
std::vector<std::size_t> phone_order(std::span<const SrvData> srv, std::uint64_t seed);

} // namespace sipsurv::dns
