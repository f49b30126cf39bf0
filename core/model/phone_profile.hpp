#pragma once

#include "core/model/timeline.hpp"

#include <span>
#include <string>
#include <string_view>

namespace sipsurv::model {

// One timer setting of a phone: its option, unit, default and the range the
// phone accepts, and where the default comes from.
struct TimerSetting {
  std::string_view option; // "--response-timer"
  std::string_view unit;   // "ms" or "s"
  long default_value = 0;
  long min = 0;
  long max = 0;
  Basis basis = Basis::assumption; // manual, RFC or assumption
  std::string_view source;         // "Response Timer", "RFC 3261 §17.1.1.2"
};

// The rule a profile cites for one of the phone's decisions.
struct ProfileRule {
  Basis basis = Basis::assumption;
  std::string_view source;

  Rule rule() const { return Rule{basis, std::string(source)}; }
};

// The name a phone matches the server's TLS certificate against (RFC 5922
// §7.2 identity: URI SAN, then DNS SAN, CN last). A certificate that fails
// this check is a server the phone cannot register with.
enum class CertIdentity {
  sip_domain, // the SIP domain the SRV records were published for (RFC 5922 §4.1)
  srv_target, // the SRV target name it connects to (what many phones check in practice)
};

std::string_view to_string(CertIdentity c);

// One phone's failover behaviour as data: timers, defaults, ranges, the
// switches where phones differ, and the source of every decision. The state
// machine (phone_machine.hpp) reads nothing else about the phone, so a
// third vendor is one more row of k_profiles (phone_profile.cpp).
struct PhoneProfile {
  std::string_view name;        // "openscape-cp": the --phone-model value
  std::string_view description; // one line for --help, the man page and report headers

  TimerSetting response_timer;
  TimerSetting non_invite_timer;
  TimerSetting reg_backoff;
  TimerSetting registration_expiry;
  TimerSetting connectivity_check;

  Millis pong_wait_ms = 10000;              // a CRLF keep-alive without pong fails the flow (RFC 5626 §4.4.1)
  Millis failure_response_retry_ms = 30000; // REGISTER retry after a failure response
  Millis min_round_wait_ms = 1000;          // floor of the wait before a new round over the list
  long backup_registration_s = 3600;        // the backup registration timer
  int refresh_percent = 50;                 // refresh when this share of the registration timer has run

  // REGISTER timeout: true = wait the random backoff before the REGISTER to
  // the next server; false = try the next server at once and back off only
  // after the whole list failed.
  bool backoff_before_next_server = true;
  // A failure response to REGISTER (403, …): true = wait the fixed retry
  // before the next server; false = next server at once.
  bool wait_after_failure_response = true;
  bool check_on_tls = true;
  bool check_on_tcp = true;
  // Response or non-INVITE timer expiry sends outgoing calls to the backup
  // server, if one is configured.
  bool timer_expiry_to_backup = true;
  // Once on the backup after a timer expiry, the phone also registers with
  // the next SRV server (else it re-registers from the top at the retry).
  bool register_next_while_on_backup = true;
  bool knows_backup = true; // false: --backup-proxy is not a concept of this phone
  // Which name the phone checks in the server's certificate.
  CertIdentity cert_identity = CertIdentity::sip_domain;

  // Where each decision comes from.
  ProfileRule first_server;          // registers with the highest-priority server
  ProfileRule check_rule;            // the connectivity check and its failure
  ProfileRule check_on_tcp_rule;     // … when it runs on TCP
  ProfileRule check_next_server;     // check failed: next server in priority order
  ProfileRule request_next_server;   // timeout, 503, refused: the next server (RFC 3263 §4.3)
  ProfileRule non_invite_timer_rule; // REGISTER timed out: server presumed dead
  ProfileRule response_timer_rule;   // INVITE timed out: server presumed dead
  ProfileRule next_while_on_backup;  // on the backup, registering with the next SRV server
  ProfileRule no_other_primary;      // the list is exhausted: the backup
  ProfileRule no_server_left;        // … and no backup either: out of service
  ProfileRule reject_next_server;    // after a failure response, the retry goes to the next server
  ProfileRule backoff_rule;          // the random wait after a REGISTER timeout
  ProfileRule failure_retry_rule;    // the fixed wait after a failure response
  ProfileRule round_retry_rule;      // a new round from the top of the list
  ProfileRule backup_rule;           // backup registration and calls via the backup
  ProfileRule refresh_rule;          // when the registration is refreshed
  ProfileRule expiry_rule;           // the registration timer's default
  ProfileRule cert_identity_rule;    // where cert_identity comes from
};

// Every profile, the default first.
std::span<const PhoneProfile> phone_profiles();

// The profile called `name` (exact match), or nullptr.
const PhoneProfile* find_profile(std::string_view name);

// The default profile (openscape-cp): PhoneSettings' defaults are its defaults.
const PhoneProfile& default_profile();

// The profile a settings' phone_model names; the default one for an unknown
// name (the CLI rejects unknown names first, with find_profile).
const PhoneProfile& profile_for(std::string_view phone_model);

// "openscape-cp, rfc3263": the allowed --phone-model values.
std::string profile_names();

} // namespace sipsurv::model
