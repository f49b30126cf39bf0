#pragma once

#include "core/util/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sipsurv::status {

// A threshold in the Monitoring Plugins range syntax
// (https://www.monitoring-plugins.org/doc/guidelines.html#THRESHOLDFORMAT):
//   10      alert outside 0..10        10:     alert below 10
//   ~:10    alert above 10             10:20   alert outside 10..20
//   @10:20  alert inside 10..20 (inclusive)
struct Range {
  std::optional<double> start = 0.0; // none: -infinity (~)
  std::optional<double> end;         // none: +infinity
  bool inside = false;               // '@': alert when the value is inside
  std::string text;                  // as given, for perfdata's warn/crit fields

  bool operator==(const Range&) const = default;
};

// Errc::usage with what is wrong and the allowed forms.
Result<Range> parse_range(std::string_view text);

// Whether `value` raises the alert of `range`.
bool alerts(const Range& range, double value);

} // namespace sipsurv::status
