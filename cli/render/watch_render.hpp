#pragma once

#include "core/status/hysteresis.hpp"
#include "core/status/site_check.hpp"

#include <chrono>
#include <map>
#include <string>

namespace sipsurv::cli {

// "sip1.example.com:5061/tls", or "backup bk.example.com:5060/udp".
std::string watch_target_key(const status::ProbeRow& row);

// Each server (and the backup) of one round, by watch_target_key: did any of
// its addresses answer as the phone needs (status::usable)?
std::map<std::string, bool> watch_round_targets(const status::SiteSummary& summary);

// watch's output, text or NDJSON (one JSON object per line). Text: one line
// per change, "<UTC time>  <what>", never wrapped: it is a log, read with
// grep and tail -f, one event a line. The per-server table after the
// summary line is a table and wraps at `width` (table.hpp). JSON lines, each with schema, command
// "watch", event and time:
//   {"event":"start", domain, interval_ms, down_after, up_after}
//   {"event":"state", round, state, reason|null, findings:[ids]}
//   {"event":"target", round, target, up, detail|null}
//   {"event":"summary", rounds, elapsed_ms, stopped_by_signal, worst_state,
//    state_transitions, targets:[{target, rounds, ok, availability, transitions, up}]}
class WatchLog
{
public:
  WatchLog(std::string domain, bool json, std::size_t width = 80)
      : m_domain(std::move(domain)), m_json(json), m_width(width)
  {}

  std::string started(const std::string& time, std::chrono::milliseconds interval, unsigned down_after,
                      unsigned up_after) const;
  std::string round(const std::string& time, unsigned round, const status::Hysteresis::RoundResult& result,
                    const status::SiteCheck& check) const;
  std::string summary(const std::string& time, unsigned rounds, std::chrono::milliseconds elapsed,
                      const status::Hysteresis& hysteresis, bool stopped_by_signal) const;

private:
  std::string m_domain;
  bool m_json;
  std::size_t m_width;
};

} // namespace sipsurv::cli
