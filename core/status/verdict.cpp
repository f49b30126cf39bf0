#include "core/status/verdict.hpp"

#include "core/util/join.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::status {
namespace {

using report::make_finding;

std::string
name_of(const ServerStatus& s)
{
  return fmt::format("{}:{}", s.target, s.port);
}

std::string
describe(const ServerStatus& s)
{
  if (s.cert_rejected || s.register_rejected) {
    // "… certificate rejected: why via address", "… answers OPTIONS but rejects REGISTER: 403 …"
    return fmt::format("{} {}", name_of(s), s.detail);
  }
  return s.detail.empty() ? fmt::format("{} {}", name_of(s), to_string(s.reach))
                          : fmt::format("{} {} ({})", name_of(s), to_string(s.reach), s.detail);
}

// Lower-priority servers that would not take over: redundancy lost.
void
broken_fallbacks(const VerdictInput& in, std::size_t serving, Verdict& v)
{
  std::vector<std::string> broken;
  for (std::size_t i = 0; i < in.servers.size(); ++i) {
    if (i != serving && !usable(in.servers[i].reach) && in.servers[i].reach != Reachability::not_probed) {
      broken.push_back(describe(in.servers[i]));
    }
  }
  if (!broken.empty()) {
    v.findings.push_back(make_finding("STA005",
                                      fmt::format("{} other server(s) of the list would not take over.", broken.size()),
                                      join_limited(broken, "; ")));
  }
}

void
backup_findings(const VerdictInput& in, Verdict& v)
{
  if (!in.backup) {
    return;
  }
  if (!usable(in.backup->reach) && in.backup->reach != Reachability::not_probed) {
    v.findings.push_back(
      make_finding("STA006", "The backup server does not answer on its configured transport.", describe(*in.backup)));
  }
  if (in.phone_uses_tls) {
    v.findings.push_back(
      make_finding("STA007",
                   "The backup server is reached without TLS, so calls through it are "
                   "unencrypted and a TLS-only site has no protected fallback.",
                   fmt::format("backup {} (backup transport is UDP or TCP only)", name_of(*in.backup))));
  }
}

} // namespace

std::string_view
to_string(SiteState s)
{
  switch (s) {
  case SiteState::normal:
    return "NORMAL";
  case SiteState::degraded:
    return "DEGRADED";
  case SiteState::failover:
    return "FAILOVER";
  case SiteState::survivable:
    return "SURVIVABLE";
  case SiteState::backup:
    return "BACKUP";
  case SiteState::down:
    return "DOWN";
  case SiteState::unknown:
    break;
  }
  return "UNKNOWN";
}

std::string_view
to_string(Reachability r)
{
  switch (r) {
  case Reachability::healthy:
    return "healthy";
  case Reachability::alive:
    return "alive";
  case Reachability::unavailable:
    return "unavailable";
  case Reachability::unreachable:
    return "unreachable";
  case Reachability::not_probed:
    break;
  }
  return "not-probed";
}

std::string_view
to_string(ProxyMode m)
{
  switch (m) {
  case ProxyMode::not_configured:
    return "not-configured";
  case ProxyMode::relaying:
    return "relaying";
  case ProxyMode::standing_in:
    return "standing-in";
  case ProxyMode::unreachable:
    return "unreachable";
  case ProxyMode::unknown:
    break;
  }
  return "unknown";
}

namespace {

// The findings that moved the state: the first of `state_ids` present.
bool
accepted_state(const Verdict& v, std::initializer_list<std::string_view> state_ids)
{
  return std::any_of(v.findings.begin(), v.findings.end(), [&](const report::Finding& f) {
    return f.accepted && std::find(state_ids.begin(), state_ids.end(), f.id) != state_ids.end();
  });
}

// NORMAL or DEGRADED from the findings that move the state.
void
normal_or_degraded(const VerdictInput& in, std::size_t other_moving, const std::string& name, Verdict& v)
{
  const bool degraded = other_moving > 0 || std::any_of(v.findings.begin(), v.findings.end(), report::moves_state);
  v.state = degraded ? SiteState::degraded : SiteState::normal;
  v.reason = degraded ? fmt::format("the phone would register with {}, but warnings hold", name)
                      : fmt::format("the phone would register with {}; every check passed", name);
  if (!in.accepted.empty() &&
      std::any_of(v.findings.begin(), v.findings.end(), [](const report::Finding& f) { return f.accepted; })) {
    v.reason += " (accepted findings aside)";
  }
}

Verdict derive_state(const VerdictInput& in);

} // namespace

Verdict
derive_verdict(const VerdictInput& in, std::size_t other_moving)
{
  Verdict v = derive_state(in);
  report::mark_accepted(v.findings, in.accepted);
  if (v.state == SiteState::unknown) {
    return v;
  }
  // An accepted state finding hands the judgement to the rest.
  const bool state_accepted = (v.state == SiteState::failover && accepted_state(v, {"STA001"})) ||
    (v.state == SiteState::survivable && accepted_state(v, {"STA004"})) ||
    (v.state == SiteState::backup && accepted_state(v, {"STA002"})) ||
    (v.state == SiteState::down && accepted_state(v, {"STA003"}));
  if (v.state == SiteState::normal || v.state == SiteState::degraded || state_accepted) {
    const std::string name =
      v.serving && *v.serving < in.servers.size() ? name_of(in.servers[*v.serving]) : std::string("no server");
    normal_or_degraded(in, other_moving, name, v);
  }
  return v;
}

namespace {

Verdict
derive_state(const VerdictInput& in)
{
  Verdict v;
  if (!in.dns_answered) {
    v.state = SiteState::unknown;
    v.reason = "no DNS server answered, so the phone's server list is unknown";
    return v;
  }
  backup_findings(in, v);

  // The phone registers with the first usable server of its list
  // (PHONE-MODEL.md scenario A; a 503 moves on per RFC 3263 §4.3).
  auto first_usable =
    std::find_if(in.servers.begin(), in.servers.end(), [](const ServerStatus& s) { return usable(s.reach); });
  if (in.model_registers_with) {
    const auto& at = *in.model_registers_with;
    first_usable =
      at && *at < in.servers.size() ? in.servers.begin() + static_cast<std::ptrdiff_t>(*at) : in.servers.end();
  }
  const bool backup_usable = in.backup && usable(in.backup->reach);

  if (first_usable == in.servers.end()) {
    std::vector<std::string> why;
    for (const auto& s : in.servers) {
      why.push_back(describe(s));
    }
    if (backup_usable) {
      v.state = SiteState::backup;
      v.reason =
        fmt::format("no server of the list answers; outgoing calls would go to the backup {}", name_of(*in.backup));
      v.findings.push_back(
        make_finding("STA002", "The phone would be on its backup server only.", join_limited(why, "; ")));
    } else {
      v.state = SiteState::down;
      v.reason = in.servers.empty() ? "the phone has no server to register with"
                                    : "no server of the list answers and no backup answers";
      v.findings.push_back(make_finding("STA003", "Nothing the phone could register with answers.",
                                        why.empty() ? "empty server list" : join_limited(why, "; ")));
    }
    return v;
  }

  const auto serving = static_cast<std::size_t>(first_usable - in.servers.begin());
  v.serving = serving;
  const ServerStatus& s = in.servers[serving];
  broken_fallbacks(in, serving, v);

  if (s.is_survivability_proxy && in.proxy == ProxyMode::standing_in) {
    v.state = SiteState::survivable;
    v.reason =
      fmt::format("the survivability proxy {} stands in for the primary server: features are limited", name_of(s));
    v.findings.push_back(make_finding("STA004",
                                      "The survivability proxy has lost its link to the primary server "
                                      "and stands in for it.",
                                      in.proxy_evidence));
    return v;
  }
  const std::uint16_t best_priority = in.servers.front().priority;
  if (s.priority != best_priority) {
    std::vector<std::string> down;
    for (std::size_t i = 0; i < serving; ++i) {
      down.push_back(describe(in.servers[i]));
    }
    v.state = SiteState::failover;
    std::vector<std::string> refused;
    for (std::size_t i = 0; i < serving; ++i) {
      if (in.servers[i].cert_rejected || in.servers[i].register_rejected) {
        refused.push_back(describe(in.servers[i]));
      }
    }
    v.reason = refused.empty()
      ? fmt::format("the priority-{} server(s) do not answer; the phone would register with {} (priority {})",
                    best_priority, name_of(s), s.priority)
      : fmt::format("the phone cannot use the priority-{} server(s) ({}); it would register with {} (priority {})",
                    best_priority, join_limited(refused, "; "), name_of(s), s.priority);
    v.findings.push_back(
      make_finding("STA001", "The phone would fail over to a lower-priority server.", join_limited(down, "; ")));
    return v;
  }
  if (in.proxy == ProxyMode::unreachable && !s.is_survivability_proxy) {
    v.state = SiteState::failover;
    v.reason =
      fmt::format("the survivability proxy does not answer; the phone would register directly with {}", name_of(s));
    v.findings.push_back(
      make_finding("STA001", "The phone would bypass the unreachable survivability proxy.", in.proxy_evidence));
    return v;
  }
  // NORMAL or DEGRADED: decided by derive_verdict from the findings.
  v.state = SiteState::normal;
  return v;
}

} // namespace

} // namespace sipsurv::status
