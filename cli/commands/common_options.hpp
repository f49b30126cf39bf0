#pragma once

#include "cli/args.hpp"
#include "cli/declared_option.hpp"

#include <string>
#include <vector>

namespace sipsurv::cli {

// Option groups several commands share, declared once.

// --format (-f) with the formats the command writes, and --color.
DeclaredOptions output_options(OutputArgs& a, const std::vector<std::string>& formats);

// How TLS probes trust and identify: --sni, --ca-file, --ca-path, --cert,
// --key, --insecure (probe, status, watch, and simulate's live probes).
DeclaredOptions tls_options(ProbingArgs& a);

// How probes run: --parallel, --timeout, the TLS options, --cert-warn-days,
// --seed (probe, status, watch).
DeclaredOptions probing_options(ProbingArgs& a);

// The registrar check: --register-check (probe: off by default) or
// --no-register-check (status, watch: on by default), --auth-user and
// --auth-password-file.
DeclaredOptions register_options(ProbingArgs& a, bool on_by_default);

// --timeout for a command whose deadline covers `what`.
DeclaredOption timeout_option(double& target, std::string help);

// --seed: the RFC 2782 draw (and whatever else `help` says it seeds).
DeclaredOption seed_option(std::uint64_t& target, std::string help);

// Append `more` to `to`.
void append(DeclaredOptions& to, DeclaredOptions more);

} // namespace sipsurv::cli
