#include "core/model/outage.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::model {
namespace {

std::string
response_timer_text(const PhoneSettings& s)
{
  std::string t = fmt::format("response timer {} ms", s.response_timer.count());
  if (s.response_timer > k_recommended_response_timer) {
    t += fmt::format("; {} ms is recommended for OpenScape Voice", k_recommended_response_timer.count());
  }
  return t;
}

std::string
non_invite_timer_text(const PhoneSettings& s)
{
  std::string t = fmt::format("non-INVITE timer {} ms", s.non_invite_timer.count());
  if (s.non_invite_timer > k_recommended_non_invite_timer) {
    t += fmt::format("; {} ms is recommended for OpenScape Voice", k_recommended_non_invite_timer.count());
  }
  return t;
}

} // namespace

std::string_view
to_string(FailureKind k)
{
  switch (k) {
  case FailureKind::down:
    return "down";
  case FailureKind::unavailable:
    return "503";
  case FailureKind::connection_broken:
    return "tls-fails";
  }
  return "down";
}

bool
check_active(const PhoneSettings& s)
{
  return s.connectivity_check.count() > 0 && s.transport != Transport::udp;
}

Millis
refresh_interval_ms(const PhoneSettings& s)
{
  return ms_of(s.registration_expiry) / 2;
}

std::string
seconds_text(Millis ms)
{
  return fmt::format("{}.{:03} s", ms / 1000, (ms < 0 ? -ms : ms) % 1000);
}

OutageEstimate
estimate_outage(const PhoneSettings& s, FailureKind kind, Fallback fallback, Millis connect_ms, Millis register_ms)
{
  OutageEstimate e;
  e.kind = kind;
  e.fallback = fallback;
  const Millis check = ms_of(s.connectivity_check);
  const Millis refresh = refresh_interval_ms(s);
  const Millis non_invite = ms_of(s.non_invite_timer);
  const Millis backoff = ms_of(s.reg_backoff);
  const Millis response = ms_of(s.response_timer);
  const std::string refresh_text = fmt::format("registration timer {} s (refreshed after {} s, assumption)",
                                               s.registration_expiry.count(), refresh / 1000);
  std::vector<OutagePart> parts;
  const bool checking = check_active(s);
  // Over UDP there is no TLS connection to break; callers should not ask,
  // and get the answer for a silent server.
  const FailureKind effective =
    kind == FailureKind::connection_broken && s.transport == Transport::udp ? FailureKind::down : kind;

  switch (effective) {
  case FailureKind::down:
    if (checking) {
      e.best = k_pong_wait_ms;
      e.noticed_best = "connectivity check right after the failure, no pong within 10 s";
      const Millis by_check = check + k_pong_wait_ms;
      const Millis by_refresh = refresh + non_invite + backoff;
      if (by_check <= by_refresh) {
        e.worst = by_check;
        e.noticed_worst = "connectivity check one interval after the failure, no pong within 10 s";
        parts.push_back({fmt::format("connectivity check every {} s", s.connectivity_check.count()), check});
        parts.push_back({"pong wait 10 s (RFC 5626 §4.4.1)", k_pong_wait_ms});
      } else {
        e.worst = by_refresh;
        e.noticed_worst = "registration refresh timing out (non-INVITE timer), then reg. backoff";
        parts.push_back({refresh_text, refresh});
        parts.push_back({non_invite_timer_text(s), non_invite});
        parts.push_back({fmt::format("reg. backoff up to {} s", s.reg_backoff.count()), backoff});
      }
      e.rule = manual("TLS Connectivity Check");
    } else {
      e.best = response;
      e.noticed_best = "a call placed at the failure: its INVITE times out (response timer)";
      e.worst = refresh + non_invite + backoff;
      e.noticed_worst = "no call before the registration refresh: REGISTER times out (non-INVITE timer), then "
                        "reg. backoff";
      parts.push_back({refresh_text, refresh});
      parts.push_back({response_timer_text(s), response});
      parts.push_back({non_invite_timer_text(s), non_invite});
      parts.push_back({fmt::format("reg. backoff up to {} s", s.reg_backoff.count()), backoff});
      if (s.transport != Transport::udp) {
        parts.push_back({"connectivity check off: only a call or a registration refresh notices the failure", 0});
      }
      e.rule = manual("Response Timer, Non-INVITE Transaction Timer");
    }
    break;
  case FailureKind::unavailable:
    // The connection stays up, so the check passes; the first request gets
    // the 503 and the phone moves on at once.
    e.best = 0;
    e.noticed_best = "a call placed at the failure is answered 503";
    e.worst = refresh;
    e.noticed_worst = "no call before the registration refresh, which is answered 503";
    parts.push_back({refresh_text, refresh});
    e.rule = rfc("RFC 3263 §4.3");
    break;
  case FailureKind::connection_broken:
    e.best = 0;
    e.noticed_best = "the connection breaks and the next request cannot reconnect";
    if (checking) {
      e.worst = check;
      e.noticed_worst = "connectivity check one interval after the failure finds the connection closed";
      parts.push_back({fmt::format("connectivity check every {} s", s.connectivity_check.count()), check});
      e.rule = manual("TLS Connectivity Check");
    } else {
      e.worst = refresh;
      e.noticed_worst = "no call before the registration refresh, whose TLS handshake fails";
      parts.push_back({refresh_text, refresh});
      parts.push_back({"connectivity check off: only a call or a registration refresh notices the failure", 0});
      e.rule = rfc("RFC 5626 §4.4.1");
    }
    break;
  }

  Millis moving = 0;
  switch (fallback) {
  case Fallback::next_server:
    moving = connect_ms + register_ms;
    parts.push_back({"connect and REGISTER with the next server (probe measures it)", moving});
    break;
  case Fallback::backup_registered:
    moving = 0; // registered in parallel already [manual]
    break;
  case Fallback::backup_unregistered:
    moving = register_ms;
    parts.push_back({"REGISTER with the backup (backup registration off)", moving});
    break;
  case Fallback::none:
    e.unbounded = true;
    break;
  }
  e.best += moving;
  e.worst += moving;
  std::stable_sort(parts.begin(), parts.end(), [](const OutagePart& a, const OutagePart& b) { return a.ms > b.ms; });
  // Keep what matters: at least 10 % of the worst case, and advice lines.
  for (const auto& p : parts) {
    if (p.ms * 10 >= e.worst || p.ms == 0 || p.setting.find("recommended") != std::string::npos) {
      e.dominating.push_back(p);
    }
  }
  return e;
}

} // namespace sipsurv::model
