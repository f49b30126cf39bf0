#pragma once

#include "core/model/model_input.hpp"
#include "core/model/outage_bounds.hpp"
#include "core/model/scenario.hpp"
#include "core/report/finding.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sipsurv::model {

// What a probe found a server doing right now. The live start (status, live
// simulate) hands the model nothing else about a server.
enum class ServerNow {
  up,                // answers (2xx or another final response)
  down,              // no answer
  refused,           // the connection is refused (TCP RST, ICMP port unreachable)
  unavailable,       // answers 503
  tls_fails,         // TCP connects, the TLS handshake or certificate check fails
  register_rejected, // answers, but rejects REGISTER: the phone cannot register here
  unknown,           // not probed: assumed up
};
std::string_view to_string(ServerNow s);

struct LiveState {
  std::vector<ServerNow> servers;  // same order as ModelInput::servers; missing = unknown
  std::optional<ServerNow> backup; // missing = unknown
  bool proxy_link_lost = false;    // the survivability proxy stands in for the primary
  // What the probe saw of each server (same order as servers; missing or
  // empty = nothing to add) and of the backup: the timeline cites it.
  std::vector<std::string> evidence = {};
  std::string backup_evidence = {};
};

// What the scenario says at +0, as a LiveState (the world the phone starts in).
LiveState starting_state(const ModelInput& input, const Scenario& scenario);

// The steps at +0 that make the world a LiveState describes, marked probed
// (their timeline events cite the probe, not a scenario).
std::vector<Step> world_steps(const ModelInput& input, const LiveState& now);

// Where the phone goes when one server fails.
struct WhatIf {
  std::string failed;    // "sip1.example.com:5061"
  bool in_use = false;   // false: the phone is not on it, nothing changes
  std::string next;      // "sip2.example.com:5061", "backup bk.example.com:5060", or "" (out of service)
  OutageEstimate outage; // meaningful when in_use
};

struct LiveSummary {
  std::string phone_model;               // the profile the model followed (phone_profile.hpp)
  std::optional<std::size_t> registered; // index into ModelInput::servers
  bool on_backup = false;                // no list server usable: outgoing calls via the backup
  bool out_of_service = false;
  bool survivable_mode = false; // registered with the proxy while it stands in for the primary
  std::string where;            // one sentence: where the phone is registered now
  std::optional<WhatIf> if_current_fails;
  std::vector<WhatIf> all_failures;      // one per list server, in list order (only when asked)
  std::vector<report::Finding> findings; // SIM findings, most severe first
};

// Pure: the phone's state machine started in the world `now` describes and
// run until it registers (or has tried every server): where it is, what
// happens if the server in use fails now (next server, outage best/worst in
// ms and the settings that dominate it, all from runs of the same machine:
// outage_bounds.hpp), and the SIM findings.
//
// Usage (status, after probing):
//   model::ModelInput in = model::make_model_input(settings, site, seed);
//   in.connect_ms = measured_tls_connect_ms;      // optional: probe timings
//   model::LiveState now;
//   for (const auto& s : in.servers) now.servers.push_back(state_of(s.target)); // same order
//   now.backup = backup_state;
//   now.proxy_link_lost = proxy_mode == status::ProxyMode::standing_in;
//   model::LiveSummary sum = model::summarize_live(in, now, /*all_failures=*/false);
//   // sum.where, sum.if_current_fails->outage.{best,worst,dominating}, sum.findings
LiveSummary summarize_live(const ModelInput& input, const LiveState& now, bool all_failures);

// The same from the world of a scenario's steps at +0 (simulate's summary).
LiveSummary summarize_world(const ModelInput& input, std::vector<Step> world, bool all_failures);

} // namespace sipsurv::model
