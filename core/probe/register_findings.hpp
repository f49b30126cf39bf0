#pragma once

#include "core/probe/probe_types.hpp"
#include "core/report/finding.hpp"

#include <vector>

namespace sipsurv::probe {

// The registrar check's findings of one probe (SIP009 rejected, SIP010 no
// usable answer, SIP011 credentials rejected), appended to `out` (pure).
void register_findings(std::vector<report::Finding>& out, const ProbeResult& r);

} // namespace sipsurv::probe
