#pragma once

#include "cli/render/common.hpp"
#include "core/model/phone_model.hpp"

#include <string>
#include <vector>

namespace sipsurv::cli {

// What one simulate run produced, for the renderers.
struct SimulateReport {
  std::string domain;
  std::string resolver;              // "zone file site.zone", "system (…)"
  std::vector<std::string> settings; // settings that differ from the phone's defaults
  std::string scenario_file;         // empty: none
  std::vector<std::string> assumed_down;
  bool probed = false; // false: servers assumed up (no probe yet)
  model::ModelInput input;
  model::SimResult result;
  std::vector<model::FailureRun> each_failure; // --all-failures
  // A replay (simulate --replay): the header line (escaped) and the JSON
  // "replay" object; empty and null when live.
  std::string replay_text = {};
  Json replay = {};
};

// The first line: where the phone ends up and how long calls failed.
std::string simulate_headline(const SimulateReport& r);

// Text: headline, inputs, the timeline with relative times (+12.300s) and
// the rule behind each step, outages, the summary, findings.
std::string render_simulate_text(const SimulateReport& r, const TextStyle& style);

// JSON, keys in this order (durations in ms, times in ms from the start):
//   schema "sipsurv/1", tool {name, version}, command "simulate",
//   domain, resolver, seed, duration_ms, settings [string], phone_model (profile name), probed (bool),
//   assumed_down [host], scenario (file or null),
//   servers [{target, port, priority, weight, has_address, survivability_proxy}]  (the phone's order),
//   backup {target, port, transport, registration} or null,
//   refetch_after_ms (when the phone fetches the SRV list again, or null),
//   timeline [{at_ms, kind, server (or null), text, rule {basis, source, label}}],
//   outages [{from_ms, to_ms, duration_ms, open}],
//   summary {end_state, registered_with (or null), on_backup, out_of_service, survivable_mode,
//            outage_total_ms, event_limit_hit,
//            if_current_fails (null when the phone is on no list server at the start):
//              what_if_json},
//   each_failure [{server, at_ms, end_state, outage_total_ms, outages [...]}]  (only with --all-failures),
//   findings [{id, severity, message, evidence, hint}]
std::string render_simulate_json(const SimulateReport& r);

// What happens if the server in use fails now, as simulate's summary and
// status's simulation both write it:
//   {failed, next (or null), best_ms, worst_ms, unbounded, noticed_best, noticed_worst,
//    rule {basis, source, label}, dominating [{setting, ms}]}
Json what_if_json(const model::WhatIf& w);

} // namespace sipsurv::cli
