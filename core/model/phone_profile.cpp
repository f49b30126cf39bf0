#include "core/model/phone_profile.hpp"

#include <algorithm>
#include <array>

namespace sipsurv::model {
namespace {

constexpr ProfileRule
manual_rule(std::string_view source)
{
  return ProfileRule{Basis::manual, source};
}

constexpr ProfileRule
rfc_rule(std::string_view source)
{
  return ProfileRule{Basis::rfc, source};
}

constexpr ProfileRule
assumed_rule(std::string_view source)
{
  return ProfileRule{Basis::assumption, source};
}

// The OpenScape Desk Phone CP200/400/600 as its administrator documentation
// describes it (PHONE-MODEL.md, "What the manual settles" first).
constexpr PhoneProfile k_openscape_cp{
  .name = "openscape-cp",
  .description = "OpenScape Desk Phone CP200/400/600 (administrator documentation; RFCs where it is silent)",
  .response_timer = {"--response-timer", "ms", 32000, 100, 600000, Basis::manual, "Response Timer"},
  .non_invite_timer = {"--non-invite-timer", "ms", 32000, 100, 600000, Basis::manual, "Non-INVITE Transaction Timer"},
  .reg_backoff = {"--reg-backoff", "s", 60, 0, 86400, Basis::manual, "Maximum Registration Backoff Timer"},
  .registration_expiry = {"--registration-expiry", "s", 3600, 1, 604800, Basis::manual,
                          "SIP Registration: registration timer"},
  .connectivity_check = {"--connectivity-check", "s", 0, 0, 86400, Basis::manual, "TLS Connectivity Check"},
  .pong_wait_ms = 10000,
  .failure_response_retry_ms = 30000,
  .min_round_wait_ms = 1000,
  .backup_registration_s = 3600,
  .refresh_percent = 50,
  // The manual's literal reading: after a REGISTER timeout the phone waits a
  // random time before it sends another REGISTER, whichever server it goes to.
  .backoff_before_next_server = true,
  .wait_after_failure_response = true,
  .check_on_tls = true,
  .check_on_tcp = true,
  .timer_expiry_to_backup = true,
  .register_next_while_on_backup = true,
  .knows_backup = true,
  // PHONE-MODEL.md (the manual's sections it summarises) does not say which
  // name the phone matches in the server certificate; where the manual is
  // silent the RFC decides: RFC 5922 §4.1, the SIP domain (the SIP gateway
  // address), not the SRV target, which unsigned DNS handed out. To be
  // confirmed on real equipment: a phone that checks the SRV target is one
  // more row with CertIdentity::srv_target.
  .cert_identity = CertIdentity::sip_domain,
  .first_server = manual_rule("Resilience and Survivability: highest-priority server first"),
  .check_rule = manual_rule("TLS Connectivity Check"),
  .check_on_tcp_rule = assumed_rule("connectivity check on TCP (the manual describes it for TLS)"),
  .check_next_server = manual_rule("TLS Connectivity Check: next server in priority order"),
  .request_next_server = rfc_rule("RFC 3263 §4.3"),
  .non_invite_timer_rule = manual_rule("Non-INVITE Transaction Timer"),
  .response_timer_rule = manual_rule("Response Timer"),
  .next_while_on_backup = assumed_rule("on the backup after a timer expiry, the phone also registers with the next "
                                       "SRV server"),
  .no_other_primary = manual_rule("TLS Connectivity Check: no other primary server, backup server"),
  .no_server_left = manual_rule("Resilience and Survivability"),
  .reject_next_server = assumed_rule("the retry after a failure response goes to the next server of the list"),
  .backoff_rule = manual_rule("Maximum Registration Backoff Timer"),
  .failure_retry_rule = manual_rule("SIP Registration: re-register 30 s after a failure"),
  .round_retry_rule = manual_rule("SIP Registration: re-register"),
  .backup_rule = manual_rule("Backup SIP Server"),
  .refresh_rule = assumed_rule("refresh when half the registration timer has run"),
  .expiry_rule = manual_rule("SIP Registration: registration timer"),
  .cert_identity_rule = rfc_rule("RFC 5922 §4.1 (the manual does not name the identity checked)"),
};

// A generic user agent that follows RFC 3263 for server selection and RFC
// 5626 for keep-alives and flow recovery, and knows no backup server.
constexpr PhoneProfile k_rfc3263{
  .name = "rfc3263",
  .description = "generic RFC 3263 / RFC 5626 user agent (no backup server)",
  .response_timer = {"--response-timer", "ms", 32000, 100, 600000, Basis::rfc, "RFC 3261 §17.1.1.2 (Timer B)"},
  .non_invite_timer = {"--non-invite-timer", "ms", 32000, 100, 600000, Basis::rfc, "RFC 3261 §17.1.2.2 (Timer F)"},
  .reg_backoff = {"--reg-backoff", "s", 60, 0, 86400, Basis::assumption,
                  "random wait up to this after the whole list failed (RFC 5626 §4.5 backs off exponentially)"},
  .registration_expiry = {"--registration-expiry", "s", 3600, 1, 604800, Basis::rfc, "RFC 3261 §10.2.1.1"},
  .connectivity_check = {"--connectivity-check", "s", 0, 0, 86400, Basis::rfc, "RFC 5626 §4.4.1"},
  .pong_wait_ms = 10000,
  .failure_response_retry_ms = 30000,
  .min_round_wait_ms = 1000,
  .backup_registration_s = 3600,
  .refresh_percent = 50,
  .backoff_before_next_server = false,
  .wait_after_failure_response = false,
  .check_on_tls = true,
  .check_on_tcp = true,
  .timer_expiry_to_backup = false,
  .register_next_while_on_backup = false,
  .knows_backup = false,
  .cert_identity = CertIdentity::sip_domain,
  .first_server = rfc_rule("RFC 3263 §4.4, RFC 2782"),
  .check_rule = rfc_rule("RFC 5626 §4.4.1"),
  .check_on_tcp_rule = rfc_rule("RFC 5626 §4.4.1"),
  .check_next_server = rfc_rule("RFC 5626 §4.5, RFC 3263 §4.3"),
  .request_next_server = rfc_rule("RFC 3263 §4.3"),
  .non_invite_timer_rule = rfc_rule("RFC 3261 §17.1.2.2"),
  .response_timer_rule = rfc_rule("RFC 3261 §17.1.1.2"),
  .next_while_on_backup = assumed_rule("no backup server"),
  .no_other_primary = rfc_rule("RFC 3263 §4.3"),
  .no_server_left = rfc_rule("RFC 3263 §4.3"),
  .reject_next_server = assumed_rule("the retry after a failure response goes to the next server of the list"),
  .backoff_rule = assumed_rule("a random wait up to the reg. backoff after the whole list failed (RFC 5626 §4.5 "
                               "backs off exponentially)"),
  .failure_retry_rule = rfc_rule("RFC 5626 §4.5"),
  .round_retry_rule = rfc_rule("RFC 5626 §4.5"),
  .backup_rule = assumed_rule("a generic RFC 3263 user agent has no backup server"),
  .refresh_rule = assumed_rule("refresh when half the registration timer has run"),
  .expiry_rule = rfc_rule("RFC 3261 §10.2.1.1"),
  .cert_identity_rule = rfc_rule("RFC 5922 §4.1"),
};

constexpr std::array k_profiles{k_openscape_cp, k_rfc3263};

} // namespace

std::string_view
to_string(CertIdentity c)
{
  switch (c) {
  case CertIdentity::sip_domain:
    return "sip-domain";
  case CertIdentity::srv_target:
    return "srv-target";
  }
  return "sip-domain";
}

std::span<const PhoneProfile>
phone_profiles()
{
  return k_profiles;
}

const PhoneProfile*
find_profile(std::string_view name)
{
  const auto it =
    std::find_if(k_profiles.begin(), k_profiles.end(), [&](const PhoneProfile& p) { return p.name == name; });
  return it == k_profiles.end() ? nullptr : &*it;
}

const PhoneProfile&
default_profile()
{
  return k_profiles.front();
}

const PhoneProfile&
profile_for(std::string_view phone_model)
{
  const PhoneProfile* p = find_profile(phone_model);
  return p != nullptr ? *p : default_profile();
}

std::string
profile_names()
{
  std::string out;
  for (const auto& p : k_profiles) {
    if (!out.empty()) {
      out += ", ";
    }
    out += p.name;
  }
  return out;
}

} // namespace sipsurv::model
