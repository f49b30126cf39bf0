#pragma once

#include "cli/args.hpp"
#include "core/dns/server_address.hpp"
#include "core/probe/probe_types.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace sipsurv::cli {

probe::SniChoice to_sni(const std::string& s);

// The probe options of probe, status and watch from their arguments: the
// deadline, parallelism, TLS files, SSLKEYLOGFILE from the environment, the
// DNS servers for looking up targets, and the wall time for certificates.
probe::ProbeOptions to_probe_options(const ProbingArgs& a, const std::vector<dns::ServerAddress>& dns_servers,
                                     std::chrono::sys_seconds now);

// "2026-11-24T09:37:00Z"
std::string rfc3339_utc(std::chrono::system_clock::time_point t);

} // namespace sipsurv::cli
