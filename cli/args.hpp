#pragma once

#include "core/probe/probe_types.hpp"
#include "core/settings/phone_settings.hpp"
#include "core/status/thresholds.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sipsurv::cli {

enum class Format { text, json, nagios, openmetrics };
enum class ColorMode { auto_detect, always, never };

// Options every subcommand has.
struct OutputArgs {
  Format format = Format::text;
  ColorMode color = ColorMode::auto_detect;
};

struct ResolveArgs {
  std::string domain;
  std::string dns_file; // offline: a zone file instead of DNS
  double timeout_s = 5.0;
  std::uint64_t seed = 1;
};

// How probes are run: shared by probe, status and watch.
struct ProbingArgs {
  unsigned parallel = probe::k_default_parallel;
  double timeout_s = 5.0;
  std::string sni = "domain";
  std::string ca_file;
  std::string ca_path;
  std::string cert;
  std::string key;
  bool insecure = false;
  unsigned cert_warn_days = 30;
  std::uint64_t seed = 1;
  // The registrar check: probe turns it on with --register-check, status
  // and watch off with --no-register-check.
  bool register_check = false;
  bool no_register_check = false;
  std::string auth_user;
  std::string auth_password_file; // the password itself is never an option
};

// probe: DOMAIN, or TARGET… and/or --targets FILE.
struct ProbeArgs {
  std::vector<std::string> targets; // one DOMAIN, or targets (host[:port], sip:/sips: URIs)
  std::string targets_file;
  std::string dns_file;  // offline DNS for DOMAIN; the probes stay live
  std::string transport; // tls, tcp, udp, all; empty: every published transport (DOMAIN), else udp
  ProbingArgs probing;
};

// status DOMAIN (and each round of watch).
struct StatusArgs {
  std::string domain;
  std::string dns_file; // offline DNS; the probes stay live
  ProbingArgs probing;
  std::string survivable_indicator;
  status::Thresholds thresholds; // -w/-c, --rtt-warning/--rtt-critical, --cert-critical-days
  std::string save_file;         // --save: write the round's evidence bundle here
  std::string replay_file;       // --replay: evaluate this bundle instead of the network
};

// watch DOMAIN: status repeated with hysteresis.
struct WatchArgs {
  double interval_s = 0; // 0 = the connectivity-check interval, else 30 s
  unsigned down_after = 2;
  unsigned up_after = 2;
  unsigned count = 0;    // rounds; 0 = until stopped or --duration
  double duration_s = 0; // 0 = until stopped or --count
  std::string textfile;  // rewrite this OpenMetrics file after every round
};

struct SimulateArgs {
  std::string domain;
  std::string dns_file;                 // offline: a zone file instead of DNS
  std::vector<std::string> assume_down; // servers down from the start
  bool assume_up = false;               // do not probe: every other server is up
  std::string scenario_file;
  std::string duration = "600s";
  bool all_failures = false; // simulate every single-server failure
  // The live probes: timeout, seed and the TLS options (no --parallel or
  // --cert-warn-days: a phone's few servers, and no certificate findings here).
  ProbingArgs probing;
  std::string replay_file; // --replay: the live start from a status --save bundle
};

struct Args {
  // The phone's settings: the --phone file, then the command line over it
  // (cli/phone_setting_table.hpp). DOMAIN is applied by the command.
  PhoneSettings settings;
  // Every setting and option that differs from its default, as typed
  // ("--transport tls", "--insecure"), for report headers: a pasted report
  // says how it was made.
  std::vector<std::string> report_settings;
  // Every option given ("--timeout", "--transport"; a --phone file's
  // settings too), for what a replay takes from the command line rather
  // than from the recording.
  std::vector<std::string> given;
  OutputArgs output;
  ResolveArgs resolve;
  ProbeArgs probe;
  StatusArgs status;
  WatchArgs watch;
  SimulateArgs simulate;
};

} // namespace sipsurv::cli
