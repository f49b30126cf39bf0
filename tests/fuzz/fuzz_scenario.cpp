// Fuzz target: scenario files (core/model/scenario: parse_scenario and
// parse_duration).
#include "core/model/scenario.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <algorithm>

using namespace sipsurv;

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto d = model::parse_duration(text.substr(0, std::min<std::size_t>(text.size(), 64)))) {
    SIPSURV_FUZZ_CHECK(*d >= 0 && *d <= model::k_max_scenario_time);
  } else {
    SIPSURV_FUZZ_CHECK(fuzz::is_one_line_message(d.error()));
  }
  const auto sc = model::parse_scenario(text, "fuzz.scenario");
  if (!sc) {
    SIPSURV_FUZZ_CHECK(sc.error().code == Errc::usage);
    SIPSURV_FUZZ_CHECK(fuzz::is_one_line_message(sc.error()));
    return 0;
  }
  SIPSURV_FUZZ_CHECK(sc->steps.size() <= model::k_max_scenario_steps);
  for (std::size_t i = 0; i < sc->steps.size(); ++i) {
    const auto& s = sc->steps[i];
    SIPSURV_FUZZ_CHECK(s.at >= 0 && s.at <= model::k_max_scenario_time);
    SIPSURV_FUZZ_CHECK(i == 0 || sc->steps[i - 1].at <= s.at); // sorted by time
    SIPSURV_FUZZ_CHECK((s.action == model::Action::call) == s.target.empty());
    SIPSURV_FUZZ_CHECK(s.action != model::Action::register_reject || (s.code >= 400 && s.code <= 699));
    SIPSURV_FUZZ_CHECK(s.retry_after >= 0 && s.retry_after <= model::k_max_scenario_time);
    SIPSURV_FUZZ_CHECK(s.hold >= 0 && s.hold <= model::k_max_scenario_time);
  }
  return 0;
}
