// Fuzz target: the command line (cli::parse_command_line: the shape check,
// CLI11, the assigners and the phone settings table) and the DNS plan built
// from it (cli::to_phone_plan). The input
// is split at NUL bytes into arguments. Parsing must end in a command or in
// one clean exit (help, version, or a one-line usage error, exit 64).
#include "cli/app.hpp"
#include "cli/phone_args.hpp"
#include "core/dns/site_dns.hpp"
#include "core/sip/sip_uri.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <cmath>

using namespace sipsurv;

namespace {

constexpr std::size_t k_max_args = 64;

// --phone reads the file it names while parsing (other file options are only
// checked to exist); the fuzzer must not read (or block on) whatever file it
// happens to name, so it is left out here.
// The phone_file target fuzzes the file's contents instead.
bool
names_a_file(std::string_view arg)
{
  return arg.find("--phone") != std::string_view::npos;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> argv{"sipsurv"};
  std::size_t start = 0;
  while (start <= input.size() && argv.size() <= k_max_args) {
    std::size_t end = input.find('\0', start);
    if (end == std::string_view::npos) {
      end = input.size();
    }
    const auto arg = input.substr(start, end - start);
    if (names_a_file(arg)) {
      return 0;
    }
    argv.emplace_back(arg);
    start = end + 1;
  }

  cli::Args args;
  const cli::ParseOutcome out = cli::parse_command_line(argv, args);
  if (out.exit_now) {
    // 3: a usage error with --format nagios (Monitoring Plugins' UNKNOWN).
    SIPSURV_FUZZ_CHECK(out.exit_code == 0 || out.exit_code == 64 || out.exit_code == 3);
    if (out.exit_code != 0) {
      SIPSURV_FUZZ_CHECK(!out.error.empty() && out.error.find('\n') == std::string::npos);
    } else {
      SIPSURV_FUZZ_CHECK(!out.output.empty() && out.error.empty());
    }
    return 0;
  }
  SIPSURV_FUZZ_CHECK(out.command != nullptr);
  // Every number the parser accepted is one the commands can use as is.
  SIPSURV_FUZZ_CHECK(std::isfinite(args.resolve.timeout_s) && args.resolve.timeout_s > 0);
  SIPSURV_FUZZ_CHECK(std::isfinite(args.probe.probing.timeout_s) && args.probe.probing.timeout_s > 0);
  SIPSURV_FUZZ_CHECK(std::isfinite(args.status.probing.timeout_s) && args.status.probing.timeout_s > 0);
  SIPSURV_FUZZ_CHECK(std::isfinite(args.simulate.probing.timeout_s) && args.simulate.probing.timeout_s > 0);
  SIPSURV_FUZZ_CHECK(args.settings.connectivity_check.count() >= 0);

  for (const auto& target : args.probe.targets) {
    if (const auto t = sip::parse_target(target); !t) {
      SIPSURV_FUZZ_CHECK(t.error().code == Errc::usage && fuzz::is_one_line_message(t.error()));
    }
  }
  if (const auto plan = cli::to_phone_plan(args.settings, args.resolve.domain); !plan) {
    SIPSURV_FUZZ_CHECK(plan.error().code == Errc::usage && fuzz::is_one_line_message(plan.error()));
  }
  for (const auto& line : args.report_settings) {
    SIPSURV_FUZZ_CHECK(line.starts_with("--"));
  }
  return 0;
}
