#pragma once

#include "cli/render/common.hpp"
#include "core/status/site_check.hpp"

#include <string>
#include <vector>

namespace sipsurv::cli {

// What a status report shows besides the check itself: the header a support
// engineer needs to read a pasted report on its own.
struct StatusContext {
  std::string time_utc;              // RFC 3339, second precision
  std::vector<std::string> settings; // "--transport tls", …: differing from the phone's defaults
  double timeout_s = 5;
  // A replay (status --replay): the header's line saying whose data it is
  // (escaped), and the JSON "replay" object; empty and null when live.
  std::string replay_text = {};
  Json replay = {};
};

// "FAILOVER: the phone would register with …": the report's first line.
std::string status_headline(const status::SiteCheck& check);

// The paste-ready report: verdict line, header, then DNS, probes,
// survivability proxy, simulation and findings sections.
std::string render_status_text(const status::SiteCheck& check, const StatusContext& ctx, const TextStyle& style);

// JSON (schema sipsurv/1), fields in this order:
//   schema, tool{name,version}, command "status", time (RFC 3339 UTC),
//   domain, resolver, settings[] (non-default phone settings as typed),
//   verdict{state, reason, serving{target,port,priority}|null},
//   dns{…as resolve's JSON…},
//   probes[]{role, target, port, address|null, transport, state, status|null,
//            reason|null, rtt_ms|null, cert_days_left|null, error|null},
//   survivability_proxy{target, detected, mode, evidence,
//            hops[]{max_forwards, state, status|null, reason|null, server|null}} | null,
//   simulation{on_backup, out_of_service, survivable_mode, where,
//            if_current_fails (what_if_json, as simulate's) | null},
//   findings[]{id, severity, message, evidence, hint}.
Json status_json(const status::SiteCheck& check, const StatusContext& ctx);
std::string render_status_json(const status::SiteCheck& check, const StatusContext& ctx);

} // namespace sipsurv::cli
