#pragma once

#include "core/report/finding.hpp"
#include "core/settings/transport.hpp"
#include "core/status/survivability.hpp"
#include "core/status/threshold.hpp"
#include "core/status/verdict.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sipsurv::status {

// One probe as the status report and the monitoring formats need it.
struct ProbeRow {
  std::string role; // "server", "backup"
  std::string target;
  std::uint16_t port = 0;
  std::string address;
  Transport transport = Transport::tls;
  std::string state; // the probe state: "ok", "timeout", …
  std::optional<int> status;
  std::string reason;
  std::optional<double> rtt_ms; // total time to the SIP answer
  std::optional<long> cert_days_left;
  std::string error;
  std::optional<long long> cert_not_after_unix = {}; // the leaf certificate's notAfter, Unix seconds
  // The leaf had more SANs than limits::k_max_cert_sans: identity checked on the first ones.
  bool cert_sans_truncated = false;
  // Why the phone would refuse the server's certificate (phone_rejects_certificate),
  // empty when it would accept it: such a server is unreachable for the phone.
  std::string cert_rejected = {};
  // The registrar check (probe::RegisterResult): its state ("ok",
  // "rejected", …; empty = off), final status and reason, as received.
  std::string register_state = {};
  std::optional<int> register_status = {};
  std::string register_reason = {};
  std::string register_error = {};
};

// What status (and each round of watch) found: everything the renderers need.
struct SiteSummary {
  std::string domain;
  Verdict verdict;
  ProxyInference proxy;
  std::vector<ProbeRow> probes;
  std::vector<report::Finding> findings; // every finding: DNS, SIP, TLS, SIM, STA; most severe first
  long cert_warn_days = 30;
  // Monitoring: the simulated worst-case outage (s; +inf unbounded, none
  // when the phone is on no server), the thresholds it and the probes were
  // judged by, and the worst breach (0 ok, 1 warning, 2 critical).
  std::optional<double> worst_outage_s;
  std::optional<double> best_outage_s;
  std::optional<Range> outage_warning;
  std::optional<Range> outage_critical;
  std::optional<Range> rtt_warning;
  std::optional<Range> rtt_critical;
  std::optional<long> cert_critical_days;
  int threshold_level = 0;
};

} // namespace sipsurv::status
