#include "core/model/live_summary.hpp"

#include "core/model/sim_findings.hpp"

#include <fmt/format.h>

namespace sipsurv::model {
namespace {

// Whether the phone could register with a server in this state.
bool
usable(ServerNow s, Transport transport)
{
  switch (s) {
  case ServerNow::up:
  case ServerNow::unknown:
    return true;
  case ServerNow::tls_fails:
    return transport == Transport::udp; // no TLS on UDP
  case ServerNow::down:
  case ServerNow::unavailable:
    return false;
  }
  return false;
}

ServerNow
state_of(const LiveState& now, std::size_t i)
{
  return i < now.servers.size() ? now.servers[i] : ServerNow::unknown;
}

// The first usable server from `from` on, skipping `skip`.
std::optional<std::size_t>
first_usable(const ModelInput& in, const LiveState& now, std::size_t from, std::optional<std::size_t> skip)
{
  for (std::size_t i = from; i < in.servers.size(); ++i) {
    if (skip && *skip == i) {
      continue;
    }
    if (in.servers[i].has_address && usable(state_of(now, i), in.settings.transport)) {
      return i;
    }
  }
  return std::nullopt;
}

bool
backup_usable(const ModelInput& in, const LiveState& now)
{
  // The backup speaks UDP or TCP, so a TLS failure does not matter to it.
  return in.backup && usable(now.backup.value_or(ServerNow::unknown), Transport::udp);
}

// What happens when list server `failed` (the one in use) fails.
WhatIf
what_if(const ModelInput& in, const LiveState& now, std::size_t failed)
{
  WhatIf w;
  w.failed = server_label(in.servers[failed]);
  w.in_use = true;
  Fallback fallback = Fallback::none;
  // The next server in list order; servers before the failed one are not
  // usable (else the phone would be on them).
  if (auto next = first_usable(in, now, failed + 1, std::nullopt)) {
    w.next = server_label(in.servers[*next]);
    fallback = Fallback::next_server;
  } else if (backup_usable(in, now)) {
    w.next = "backup " + server_label(*in.backup);
    fallback = in.settings.backup_registration ? Fallback::backup_registered : Fallback::backup_unregistered;
  }
  const FailureKind kind = FailureKind::down;
  w.outage = estimate_outage(in.settings, kind, fallback, in.connect_ms, in.register_ms);
  return w;
}

} // namespace

std::string_view
to_string(ServerNow s)
{
  switch (s) {
  case ServerNow::up:
    return "up";
  case ServerNow::down:
    return "down";
  case ServerNow::unavailable:
    return "503";
  case ServerNow::tls_fails:
    return "tls-fails";
  case ServerNow::unknown:
    return "unknown";
  }
  return "unknown";
}

std::string
server_label(const ServerInfo& s)
{
  return fmt::format("{}:{}", s.target, s.port);
}

LiveSummary
summarize_live(const ModelInput& in, const LiveState& now, bool all_failures)
{
  LiveSummary sum;
  sum.registered = first_usable(in, now, 0, std::nullopt);
  if (sum.registered) {
    const ServerInfo& s = in.servers[*sum.registered];
    sum.survivable_mode = s.is_survivability_proxy && now.proxy_link_lost;
    sum.where = fmt::format("registered with {} (priority {}){}", server_label(s), s.priority,
                            sum.survivable_mode ? ", the survivability proxy standing in for the primary: "
                                                  "features limited"
                                                : "");
    sum.if_current_fails = what_if(in, now, *sum.registered);
  } else if (backup_usable(in, now)) {
    sum.on_backup = true;
    sum.where =
      fmt::format("no server of the list answers: outgoing calls via the backup {}", server_label(*in.backup));
  } else {
    sum.out_of_service = true;
    sum.where = "no server of the list and no backup answers: out of service";
  }
  if (all_failures) {
    for (std::size_t i = 0; i < in.servers.size(); ++i) {
      if (sum.registered && *sum.registered == i) {
        sum.all_failures.push_back(*sum.if_current_fails);
        continue;
      }
      WhatIf w;
      w.failed = server_label(in.servers[i]);
      w.in_use = false;
      w.next = sum.registered ? server_label(in.servers[*sum.registered]) : std::string();
      sum.all_failures.push_back(std::move(w));
    }
  }
  sum.findings = sim_findings(in, sum.if_current_fails ? &sum.if_current_fails->outage : nullptr);
  return sum;
}

} // namespace sipsurv::model
