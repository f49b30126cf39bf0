// Fuzz target: an evidence bundle (status --save FILE, read back by status
// and simulate --replay, cli/evidence/bundle), which a support engineer
// receives from a customer. The contract: a bundle that does not parse
// gives one usage line; one that parses writes out as a bundle that parses
// again to the same text (what a replay saves is what it read).
#include "cli/evidence/bundle.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <string>

using namespace sipsurv;

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto bundle = cli::bundle_from_json(text, "fuzz.json");
  if (!bundle) {
    SIPSURV_FUZZ_CHECK(bundle.error().code == Errc::usage && fuzz::is_one_line_message(bundle.error()));
    return 0;
  }
  const std::string written = cli::bundle_to_json(*bundle);
  const auto again = cli::bundle_from_json(written, "fuzz.json");
  if (!again) {
    std::fprintf(stderr, "fuzz: %s\n", again.error().message.c_str());
  }
  SIPSURV_FUZZ_CHECK(again.has_value());
  SIPSURV_FUZZ_CHECK(cli::bundle_to_json(*again) == written);
  return 0;
}
