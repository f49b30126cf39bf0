#pragma once

#include "core/model/model_input.hpp"
#include "core/model/outage.hpp"
#include "core/report/finding.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sipsurv::model {

// What a probe found a server doing right now.
enum class ServerNow {
  up,          // answers (2xx or another final response)
  down,        // no answer
  unavailable, // answers 503
  tls_fails,   // TCP connects, the TLS handshake or certificate check fails
  unknown,     // not probed: assumed up
};
std::string_view to_string(ServerNow s);

struct LiveState {
  std::vector<ServerNow> servers;  // same order as ModelInput::servers; missing = unknown
  std::optional<ServerNow> backup; // missing = unknown
  bool proxy_link_lost = false;    // the survivability proxy stands in for the primary
};

// Where the phone goes when one server fails.
struct WhatIf {
  std::string failed;    // "sip1.example.com:5061"
  bool in_use = false;   // false: the phone is not on it, nothing changes
  std::string next;      // "sip2.example.com:5061", "backup bk.example.com:5060", or "" (out of service)
  OutageEstimate outage; // meaningful when in_use
};

struct LiveSummary {
  std::optional<std::size_t> registered; // index into ModelInput::servers
  bool on_backup = false;                // no list server usable: outgoing calls via the backup
  bool out_of_service = false;
  bool survivable_mode = false; // registered with the proxy while it stands in for the primary
  std::string where;            // one sentence: where the phone is registered now
  std::optional<WhatIf> if_current_fails;
  std::vector<WhatIf> all_failures;      // one per list server, in list order (only when asked)
  std::vector<report::Finding> findings; // SIM findings, most severe first
};

// Pure: where the phone is registered given what each server does now, what
// happens if the server in use fails now (next server, outage best/worst in
// ms and the settings that dominate it), and the SIM findings.
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

// "host:port"
std::string server_label(const ServerInfo& s);

} // namespace sipsurv::model
