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

// The registrar check of probe, status and watch (`on` as the command
// decides): --auth-user with the password from --auth-password-file (read
// bounded, a FIFO or device refused) or else SIPSURV_AUTH_PASSWORD.
// Errc::usage for a user sipsurv cannot put in a SIP URI, a user without a
// password source or a password file without a user, or an unreadable file.
// The password goes nowhere but the returned value.
Result<probe::RegisterCheck> register_check_of(const ProbingArgs& a, bool on);

// "2026-11-24T09:37:00Z"
std::string rfc3339_utc(std::chrono::system_clock::time_point t);

} // namespace sipsurv::cli
