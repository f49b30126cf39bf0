#pragma once

// A probe result as an evidence bundle keeps it: every field, one JSON key
// each, so that a replay sees exactly what the live run saw. Adding a field
// to probe::ProbeResult (or to what it holds) means a key here, in both
// directions; EvidenceJson.SizesOfTheRecordedTypes fails until it is done.

#include "cli/evidence/json_in.hpp"
#include "cli/render/common.hpp"
#include "core/probe/probe_types.hpp"

namespace sipsurv::cli {

Json probe_result_to_json(const probe::ProbeResult& r);

// Problems go to the reader (JsonIn::error), naming the field.
probe::ProbeResult probe_result_from_json(const JsonIn& in);

} // namespace sipsurv::cli
