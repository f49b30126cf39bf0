#pragma once

// What `status --replay FILE` and `simulate --replay FILE` evaluate: a
// recorded bundle and the settings of the replay, which are the
// recording's with every phone setting given now over them. The replay
// runs the one pipeline through the recorded adapters
// (status::RecordedResolver, status::recorded_runner): no network.
//
// Options that change how the network was measured (--dns-file, --dns
// other than the recording's, --timeout, --parallel, --sni and the TLS
// files, --insecure) cannot apply to data already taken: a usage error.
// Settings that need a DNS question or a probe the recording does not
// hold (another transport or domain, a backup that was not probed) are a
// usage error too, naming what is missing: the replay never invents data.

#include "cli/args.hpp"
#include "cli/evidence/bundle.hpp"
#include "cli/render/common.hpp"
#include "core/dns/site_dns.hpp"
#include "core/util/error.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::cli {

struct ReplaySession {
  std::string file;
  EvidenceBundle bundle;
  PhoneSettings settings;           // recorded, with the settings given now over them
  dns::ResolvePlan plan;            // from `settings`
  std::vector<std::string> changed; // "--connectivity-check 30": given now and differing from the recording
  std::uint64_t seed = 1;           // --seed if given, else the recording's
  // The report header's settings: those of the replay that differ from the
  // phone's defaults, the recording's measuring options, the options given now.
  std::vector<std::string> header_settings;
};

// The measuring options of a command that --replay excludes.
std::span<const std::string_view> replay_excluded_options();

// Errc::usage with one line naming the option, the file or the field.
Result<ReplaySession> open_replay(const Args& args, const std::string& file, const std::string& domain,
                                  std::uint64_t seed_given);

// Whether `option` ("--seed") was given on the command line.
bool was_given(const Args& args, std::string_view option);

// The recording's exchanges that the replay asked for and did not find, as
// one usage error; none when every question was in the recording.
Result<void> check_dns_misses(std::span<const dns::Question> misses, const ReplaySession& r);

// The header's replay fields: {file, taken_at, taken_by, changed[]}.
Json replay_json(const ReplaySession& r);
// "replay of FILE: data taken at T by sipsurv V; changed: …"
std::string replay_line(const ReplaySession& r);

} // namespace sipsurv::cli
