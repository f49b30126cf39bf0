#pragma once

#include "core/status/verdict.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sipsurv::status {

// watch's memory between rounds: per-target up/down with hysteresis (a
// target goes down after `down_after` consecutive failures and up after
// `up_after` consecutive successes, like Kamailio's probing/inactive
// thresholds), the reported site state, and availability counters. Pure:
// rounds and their times are fed in.
class Hysteresis
{
public:
  Hysteresis(unsigned down_after, unsigned up_after);

  struct TargetChange {
    std::string target;
    bool up = false;
  };

  struct RoundResult {
    std::vector<TargetChange> target_changes;
    std::optional<SiteState> state_change; // set when the reported state changed (first round included)
    SiteState reported = SiteState::unknown;
  };

  // Feed one round: each target's raw success, and the state derived from
  // this round's raw measurements. The reported state changes only once
  // every target has settled under hysteresis; see the .cpp for the rule.
  RoundResult feed(const std::map<std::string, bool>& target_ok, SiteState raw_state);

  struct TargetStats {
    unsigned rounds = 0;
    unsigned ok = 0;
    unsigned transitions = 0;
    bool up = true;
    double availability() const { return rounds == 0 ? 0.0 : static_cast<double>(ok) / rounds; }
  };
  const std::map<std::string, TargetStats>& stats() const { return m_stats; }
  unsigned state_transitions() const { return m_state_transitions; }
  SiteState worst_seen() const { return m_worst; }
  std::optional<SiteState> reported() const { return m_reported; }

private:
  struct Streak {
    unsigned failures = 0;
    unsigned successes = 0;
  };
  unsigned m_down_after;
  unsigned m_up_after;
  std::map<std::string, Streak> m_streaks;
  std::map<std::string, TargetStats> m_stats;
  std::optional<SiteState> m_reported;
  std::optional<SiteState> m_candidate;
  unsigned m_candidate_rounds = 0;
  unsigned m_state_transitions = 0;
  SiteState m_worst = SiteState::normal;
};

// How bad a state is, for "the worst state seen" (and exit codes).
int severity_rank(SiteState s);

} // namespace sipsurv::status
