#include "core/status/hysteresis.hpp"

#include <algorithm>

namespace sipsurv::status {

int
severity_rank(SiteState s)
{
  switch (s) {
  case SiteState::normal:
    return 0;
  case SiteState::degraded:
    return 1;
  case SiteState::failover:
    return 2;
  case SiteState::survivable:
    return 3;
  case SiteState::unknown:
    return 4;
  case SiteState::backup:
    return 5;
  case SiteState::down:
    break;
  }
  return 6;
}

Hysteresis::Hysteresis(unsigned down_after, unsigned up_after)
    : m_down_after(std::max(1U, down_after)), m_up_after(std::max(1U, up_after))
{}

Hysteresis::RoundResult
Hysteresis::feed(const std::map<std::string, bool>& target_ok, SiteState raw_state)
{
  RoundResult out;
  for (const auto& [target, ok] : target_ok) {
    auto& streak = m_streaks[target];
    auto& st = m_stats[target];
    ++st.rounds;
    st.ok += ok ? 1 : 0;
    if (ok) {
      ++streak.successes;
      streak.failures = 0;
      if (!st.up && streak.successes >= m_up_after) {
        st.up = true;
        ++st.transitions;
        out.target_changes.push_back({target, true});
      }
    } else {
      ++streak.failures;
      streak.successes = 0;
      if (st.up && streak.failures >= m_down_after) {
        st.up = false;
        ++st.transitions;
        out.target_changes.push_back({target, false});
      }
    }
  }

  // The site state is reported from the first round on. A change is
  // reported once the new state held for down_after rounds when it is
  // worse, up_after rounds when it is better: one lost OPTIONS does not page
  // anyone, one answer after an outage does not call it over.
  if (!m_reported) {
    m_reported = raw_state;
    out.state_change = raw_state;
  } else if (raw_state == *m_reported) {
    m_candidate.reset();
    m_candidate_rounds = 0;
  } else {
    if (m_candidate != raw_state) {
      m_candidate = raw_state;
      m_candidate_rounds = 0;
    }
    ++m_candidate_rounds;
    const bool worse = severity_rank(raw_state) > severity_rank(*m_reported);
    if (m_candidate_rounds >= (worse ? m_down_after : m_up_after)) {
      m_reported = raw_state;
      out.state_change = raw_state;
      ++m_state_transitions;
      m_candidate.reset();
      m_candidate_rounds = 0;
    }
  }
  if (severity_rank(*m_reported) > severity_rank(m_worst)) {
    m_worst = *m_reported;
  }
  out.reported = *m_reported;
  return out;
}

} // namespace sipsurv::status
