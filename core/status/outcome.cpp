#include "core/status/outcome.hpp"

#include <algorithm>

namespace sipsurv::status {

Outcome
outcome_of(SiteState state)
{
  switch (state) {
  case SiteState::normal:
    return Outcome::ok;
  case SiteState::degraded:
  case SiteState::failover:
  case SiteState::survivable:
    return Outcome::warning;
  case SiteState::backup:
  case SiteState::down:
    return Outcome::critical;
  case SiteState::unknown:
    break;
  }
  return Outcome::unknown;
}

Outcome
outcome_of(const SiteSummary& summary)
{
  const Outcome by_state = outcome_of(summary.verdict.state);
  if (by_state == Outcome::unknown) {
    return by_state;
  }
  const int by_threshold = std::clamp(summary.threshold_level, 0, 2);
  return static_cast<Outcome>(std::max(static_cast<int>(by_state), by_threshold));
}

} // namespace sipsurv::status
