#pragma once

#include "cli/args.hpp"
#include "cli/declared_option.hpp"
#include "cli/exit_code.hpp"
#include "core/dns/cares_resolver.hpp"
#include "core/probe/tls_channel.hpp"
#include "core/status/site_check.hpp"
#include "core/status/site_evidence.hpp"
#include "core/util/error.hpp"

#include <memory>
#include <vector>

namespace sipsurv::cli {

// What status and watch set up once from the arguments and then use for
// every round: the phone settings, the DNS plan, the resolver, the options.
struct SiteSession {
  PhoneSettings settings;
  dns::ResolvePlan plan;
  std::unique_ptr<dns::Resolver> resolver; // the phone's DNS servers, or --dns-file
  std::vector<dns::ServerAddress> dns_servers;
  status::CheckOptions options;
  // One TLS context for every round (watch): made at the first round that
  // probes over TLS, so a UDP site never loads a trust store.
  std::unique_ptr<probe::TlsConnector> tls;
};

// The options status and watch share: DOMAIN, the probing options and
// --survivable-indicator.
DeclaredOptions site_check_options(StatusArgs& a);

// Errc::usage with a one-line message naming the bad argument.
Result<SiteSession> open_site_session(const Args& args);

// One round against the real network, certificates judged as of `now`;
// with `record`, every DNS exchange and probe is kept there too (--save).
Result<status::SiteCheck> check_once(SiteSession& session, std::chrono::system_clock::time_point now,
                                     status::SiteEvidence* record = nullptr);

// OK 0, WARNING 1, CRITICAL 2, UNKNOWN 3 (SPEC.md "Exit status").
ExitCode exit_code_for(status::SiteState state);

// The state's code, or the breached thresholds' if worse (man sipsurv, SEVERITY).
ExitCode exit_code_for(const status::SiteSummary& summary);

} // namespace sipsurv::cli
