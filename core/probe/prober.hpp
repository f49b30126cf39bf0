#pragma once

// Run SIP OPTIONS probes concurrently in one event loop.
//
//   probe::ProbeOptions options;            // --timeout, --parallel, TLS files, now
//   options.now = wall clock now (the CLI reads it);
//   std::vector<probe::ProbeSpec> specs = probe::plan_from_site(site, …);   // or plan_from_targets
//   specs.push_back({.target = "proxy.example.com", …, .max_forwards = 0, .role = "proxy-hop"});
//   auto results = probe::run_probes(specs, options);   // one result per spec, in spec order
//
// At most options.parallel probes are in flight; one global deadline
// (options.deadline, at most options.timeout from the start) ends the run, so
// a dead server costs one timeout, not one per server. UDP follows RFC 3261 Timer E/F; TCP/TLS send one request. Every
// result keeps the raw header lines of its answer.

#include "core/probe/probe_types.hpp"
#include "core/util/error.hpp"

#include <vector>

namespace sipsurv::probe {

// Errors only when the run cannot start (an unusable --ca-file, --cert or
// --key, the DNS resolver cannot be set up): Errc::usage or Errc::io. Broken
// targets are results, never errors.
Result<std::vector<ProbeResult>> run_probes(const std::vector<ProbeSpec>& specs, const ProbeOptions& options);

class TlsConnector;

// The same with the TLS connector (one SSL_CTX: its trust store, CA file
// and client certificate) of a caller that runs many rounds: watch keeps
// one for its whole life instead of loading the trust again every round.
// Null: one is made for this run when a probe needs TLS.
Result<std::vector<ProbeResult>> run_probes(const std::vector<ProbeSpec>& specs, const ProbeOptions& options,
                                            TlsConnector* tls);

} // namespace sipsurv::probe
