#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sipsurv::cli {

// One Monitoring Plugins performance datum,
//   'label'=value[UOM];[warn];[crit];[min];[max]
// (https://www.monitoring-plugins.org/doc/guidelines.html#AEN200). warn and
// crit are threshold ranges in the plugins' range syntax ("10", "30:",
// "~:5", "@1:5"), empty when no threshold is set; they are written as given,
// so thresholds from options fill them without the renderer knowing their
// meaning.
struct PerfDatum {
  std::string label; // raw: perfdata_text quotes and escapes it
  double value = 0;
  int decimals = 0; // digits after the point
  std::string uom;  // "", "s", "ms", "%", "B", "c"
  std::string warn; // range, or empty
  std::string crit; // range, or empty
  std::optional<double> min;
  std::optional<double> max;
  bool unknown = false; // the value cannot be given (an unbounded outage): written as U
};

// A piece of a label taken from DNS or the network, made safe for any
// position of a perfdata label: control and non-UTF-8 bytes as \xNN (as
// escape_for_terminal), '=' and '|' as \x3d and \x7c (the guidelines forbid
// '=' in a label; '|' would end the text part in a parser that does not
// honour the quotes). Injective: different pieces stay different.
std::string perf_label_piece(std::string_view raw);

// The perfdata part: the data separated by single spaces, each label in
// single quotes with a quote inside doubled; trailing empty fields dropped.
std::string perfdata_text(std::span<const PerfDatum> data);

// Text for the part before '|' (and the long text lines after the first):
// escaped for a terminal, and '|' as \x7c, so that no DNS name, reason
// phrase or certificate name can start the perfdata.
std::string nagios_text(std::string_view raw);

} // namespace sipsurv::cli
