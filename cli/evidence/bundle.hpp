#pragma once

// The evidence bundle of `status --save FILE`: what one status round took
// from the network (status::SiteEvidence) with what is needed to evaluate
// it again: when it was taken, by which sipsurv, and the settings and
// options it was taken with. `status --replay FILE` and `simulate --replay
// FILE` read it back and run the same pipeline on it without the network.
//
// The format (JSON, man/sipsurv-evidence-1.schema.json):
//   format "sipsurv-evidence/1", tool {name, version}, command "status",
//   taken_at (RFC 3339 UTC), domain (DOMAIN as given, or ""),
//   settings {NAME: [VALUE…]} (every phone setting, as a command line
//     gives it; [] = unset), options {seed, cert_warn_days,
//     survivable_indicator, sni, timeout_ms}, measured_with [option…] (the
//     other options of the recording, for the replay's header),
//   resolver, dns [{question {name, type}, elapsed_us, message|null,
//     error|null}], probes [every field of probe::ProbeResult].
// Strings are kept as received; text that is not UTF-8 is stored with the
// invalid bytes replaced (JSON cannot hold them).

#include "core/settings/phone_settings.hpp"
#include "core/status/site_evidence.hpp"
#include "core/util/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sipsurv::cli {

inline constexpr std::string_view k_evidence_format = "sipsurv-evidence/1";

struct EvidenceBundle {
  std::string sipsurv_version; // of the recording
  std::string taken_at;        // RFC 3339 UTC, second precision
  std::string domain;          // DOMAIN as given; empty = the settings name the site
  PhoneSettings settings;      // as the recording used them (--phone file and command line applied)
  std::uint64_t seed = 1;
  unsigned cert_warn_days = 30;
  std::string survivable_indicator;
  std::string sni = "domain";
  double timeout_s = 5;
  std::vector<std::string> measured_with; // "--ca-file lab-ca.pem", "--timeout 2": not phone settings
  status::SiteEvidence evidence;
};

std::string bundle_to_json(const EvidenceBundle& b);

// Errc::usage, one line: "FILE: probes[2].state: 'up' is not allowed;
// allowed: ok, …" (`name` is the file's name for messages, escaped here).
Result<EvidenceBundle> bundle_from_json(std::string_view text, std::string_view name);

// --save FILE: written atomically with the textfile writer (never through
// a symlink or into a FIFO or device); Errc::io on failure.
Result<void> save_bundle(const std::string& path, const EvidenceBundle& b);

// --replay FILE: read bounded (limits::k_max_evidence_file; a FIFO or
// device is refused) and parsed; Errc::usage naming the option, the file
// and the field.
Result<EvidenceBundle> load_bundle(const std::string& path, std::string_view option);

} // namespace sipsurv::cli
