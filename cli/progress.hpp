#pragma once

#include "cli/args.hpp"
#include "core/probe/probe_types.hpp"

#include <functional>
#include <string>

namespace sipsurv::cli {

// The progress line of a probe run, as drawn on stderr:
//   "probing: 12/40 done, 8 in flight, 20 waiting, 3.2 s left"
std::string progress_text(const probe::ProbeProgress& p);

// A progress display for a run with output `out`: on stderr, only when
// stderr is a terminal and the report is text (never with JSON, Nagios or
// OpenMetrics, never into a file or a pipe), from the first second on, at
// most ten times a second, the line cleared when the run ends. Empty when
// no progress is wanted (then the prober skips the calls).
std::function<void(const probe::ProbeProgress&)> progress_display(const OutputArgs& out);

} // namespace sipsurv::cli
