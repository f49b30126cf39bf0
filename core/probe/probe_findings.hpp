#pragma once

#include "core/probe/probe_types.hpp"
#include "core/report/finding.hpp"

#include <chrono>
#include <span>
#include <string>
#include <vector>

namespace sipsurv::probe {

// "sip1.example.com:5061/tls (192.0.2.10)": how a finding names a probe.
std::string probe_label(const ProbeResult& r);

// The SIP0xx and TLS0xx findings of a set of probe results, in result order
// (pure). `cert_warn` is --cert-warn-days.
std::vector<report::Finding> derive_probe_findings(std::span<const ProbeResult> results, std::chrono::days cert_warn);

} // namespace sipsurv::probe
