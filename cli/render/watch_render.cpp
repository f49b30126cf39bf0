#include "cli/render/watch_render.hpp"

#include "cli/render/common.hpp"
#include "cli/render/table.hpp"
#include "cli/render/wrap.hpp"
#include "core/status/server_view.hpp"
#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace sipsurv::cli {
namespace {

// Wide enough for the names a site uses; a longer one continues its row.
constexpr std::size_t k_max_target_column = 44;

Json
event(std::string_view name, const std::string& time)
{
  Json j = json_document("watch");
  j["event"] = name;
  j["time"] = time;
  return j;
}

std::string
line(const Json& j)
{
  return j.dump(-1, ' ', true, Json::error_handler_t::replace) + "\n";
}

// What the round's probes said about one target, for the change line.
std::string
detail_of(const status::SiteSummary& sum, const std::string& key)
{
  std::vector<std::string> parts;
  for (const auto& row : sum.probes) {
    if (watch_target_key(row) != key) {
      continue;
    }
    parts.push_back(row.status ? fmt::format("{} {}", *row.status, row.reason)
                               : (row.error.empty() ? row.state : fmt::format("{}: {}", row.state, row.error)));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

} // namespace

std::string
watch_target_key(const status::ProbeRow& row)
{
  return fmt::format("{}{}:{}/{}", row.role == "backup" ? "backup " : "", row.target, row.port,
                     to_string(row.transport));
}

std::map<std::string, bool>
watch_round_targets(const status::SiteSummary& summary)
{
  std::map<std::string, bool> out;
  for (const auto& row : summary.probes) {
    const std::string key = watch_target_key(row);
    out[key] = out[key] || status::usable(status::reachability_of(row));
  }
  return out;
}

std::string
WatchLog::started(const std::string& time, std::chrono::milliseconds interval, unsigned down_after,
                  unsigned up_after) const
{
  if (m_json) {
    Json j = event("start", time);
    j["domain"] = m_domain;
    j["interval_ms"] = interval.count();
    j["down_after"] = down_after;
    j["up_after"] = up_after;
    return line(j);
  }
  return fmt::format("{}  watching {} every {:g} s (down after {}, up after {} rounds); Ctrl-C for the summary\n", time,
                     escape_for_terminal(m_domain), static_cast<double>(interval.count()) / 1000.0, down_after,
                     up_after);
}

std::string
WatchLog::round(const std::string& time, unsigned round, const status::Hysteresis::RoundResult& result,
                const status::SiteCheck& check) const
{
  const auto& sum = check.summary;
  std::string out;
  for (const auto& change : result.target_changes) {
    const std::string detail = detail_of(sum, change.target);
    if (m_json) {
      Json j = event("target", time);
      j["round"] = round;
      j["target"] = change.target;
      j["up"] = change.up;
      j["detail"] = str_or_null(detail);
      out += line(j);
    } else {
      out += fmt::format("{}  {} is {}{}\n", time, escape_for_terminal(change.target), change.up ? "up" : "down",
                         detail.empty() ? "" : fmt::format(" ({})", escape_for_terminal(detail)));
    }
  }
  if (result.state_change) {
    const auto state = *result.state_change;
    // The reason belongs to this round's raw verdict; it is the state's reason once hysteresis agrees.
    const std::string reason = state == sum.verdict.state ? sum.verdict.reason : std::string();
    if (m_json) {
      Json j = event("state", time);
      j["round"] = round;
      j["state"] = to_string(state);
      j["reason"] = str_or_null(reason);
      Json ids = Json::array();
      for (const auto& f : sum.findings) {
        ids.push_back(f.id);
      }
      j["findings"] = ids;
      out += line(j);
    } else {
      out += fmt::format("{}  {}{}\n", time, to_string(state),
                         reason.empty() ? "" : fmt::format(": {}", escape_for_terminal(reason)));
    }
  }
  return out;
}

std::string
WatchLog::summary(const std::string& time, unsigned rounds, std::chrono::milliseconds elapsed,
                  const status::Hysteresis& h, bool stopped_by_signal) const
{
  const std::string worst = rounds == 0 ? "UNKNOWN" : std::string(to_string(h.worst_seen()));
  if (m_json) {
    Json j = event("summary", time);
    j["rounds"] = rounds;
    j["elapsed_ms"] = elapsed.count();
    j["stopped_by_signal"] = stopped_by_signal;
    j["worst_state"] = worst;
    j["state_transitions"] = h.state_transitions();
    Json targets = Json::array();
    for (const auto& [target, st] : h.stats()) {
      targets.push_back(Json{{"target", target},
                             {"rounds", st.rounds},
                             {"ok", st.ok},
                             {"availability", st.availability()},
                             {"transitions", st.transitions},
                             {"up", st.up}});
    }
    j["targets"] = targets;
    return line(j);
  }
  std::string out = fmt::format("{}  summary: {} round(s) in {:.1f} s{}; worst state {}; {} state change(s)\n", time,
                                rounds, static_cast<double>(elapsed.count()) / 1000.0,
                                stopped_by_signal ? ", stopped by signal" : "", worst, h.state_transitions());
  std::array<Column, 2> cols{};
  for (const auto& [target, st] : h.stats()) {
    cols[0].width = std::max(cols[0].width, columns(escape_for_terminal(target)));
  }
  cols[0].width = std::min<std::size_t>(cols[0].width, k_max_target_column);
  const std::array<std::size_t, 2> gaps{2, 0};
  for (const auto& [target, st] : h.stats()) {
    const std::array<std::string, 2> row{escape_for_terminal(target),
                                         fmt::format("available {:5.1f}% ({}/{} rounds), {} change(s), now {}",
                                                     st.availability() * 100.0, st.ok, st.rounds, st.transitions,
                                                     st.up ? "up" : "down")};
    out += table_row(row, cols, gaps, 2, m_width);
  }
  return out;
}

} // namespace sipsurv::cli
