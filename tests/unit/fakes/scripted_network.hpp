#pragma once

// A probe runner for status::check_site answering from a table instead of
// the network: address -> SIP status code (no entry: a timeout), and the
// traceroute's answers by Max-Forwards. Records every spec it was given.
// Over TLS, `tls_by_address` is the certificate a server shows; one that
// does not verify stops the probe as the prober does (cert-invalid), unless
// `insecure` (then the SIP answer is recorded next to verified = false).
#include "core/status/site_check.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sipsurv::test {

struct ScriptedNetwork {
  std::map<std::string, int> status_by_address;
  std::map<unsigned, std::pair<int, std::string>> hop_answers; // Max-Forwards -> status, Server
  std::vector<probe::ProbeSpec> seen;
  std::map<std::string, tls::TlsSummary> tls_by_address = {};
  bool insecure = false;

  status::ProbeRunner runner()
  {
    return [this](const std::vector<probe::ProbeSpec>& specs) -> Result<std::vector<probe::ProbeResult>> {
      std::vector<probe::ProbeResult> out;
      for (const auto& spec : specs) {
        seen.push_back(spec);
        probe::ProbeResult r;
        r.spec = spec;
        r.address = spec.address.empty() ? spec.target : spec.address;
        std::optional<std::pair<int, std::string>> answer;
        if (auto it = tls_by_address.find(r.address); spec.transport == Transport::tls && it != tls_by_address.end()) {
          r.tls = it->second;
          if (!r.tls->verified && !insecure) {
            r.state = probe::ProbeState::cert_invalid;
            r.error = "certificate not verified: " + r.tls->verify_error;
            out.push_back(std::move(r));
            continue;
          }
        }
        if (spec.role == "proxy-hop") {
          if (auto it = hop_answers.find(spec.max_forwards); it != hop_answers.end()) {
            answer = it->second;
          }
        } else if (auto it = status_by_address.find(r.address); it != status_by_address.end()) {
          answer = std::pair{it->second, std::string("srv-") + r.address};
        }
        if (answer) {
          sip::SipResponse resp;
          resp.status = answer->first;
          resp.reason = answer->first == 200 ? "OK" : "Other";
          resp.server = answer->second;
          resp.header_lines = {"Server: " + answer->second};
          r.response = resp;
          r.state = answer->first < 300 ? probe::ProbeState::ok
            : answer->first == 503      ? probe::ProbeState::unavailable
                                        : probe::ProbeState::sip_error;
          r.timings.total_ms = 2.5;
        } else {
          r.state = probe::ProbeState::timeout;
          r.error = "no answer";
        }
        out.push_back(std::move(r));
      }
      return out;
    };
  }
};

} // namespace sipsurv::test
