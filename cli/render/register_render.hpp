#pragma once

#include "cli/render/json_writer.hpp"
#include "core/probe/probe_types.hpp"

#include <optional>
#include <string>

namespace sipsurv::cli {

// The registrar check in one line for a text report: "rejected: 403
// Forbidden (REGISTER sip:sipsurv@example.com, 1.2 ms)". Network text escaped.
std::string register_text(const probe::RegisterResult& r);

// The "register" object of a probe result in JSON (null when the check was
// off): state, aor, status, reason, challenge_status, algorithm, sip_ms,
// error; absent values null.
void write_register(JsonWriter& w, const std::optional<probe::RegisterResult>& r);

} // namespace sipsurv::cli
