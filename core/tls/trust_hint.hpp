#pragma once

#include "core/tls/cert_info.hpp"

#include <string>

namespace sipsurv::tls {

// What to tell the user when a chain did not verify against the system trust
// store (no --ca-file/--ca-path): a private CA is the usual cause, and the
// phone has it installed. Empty when the chain verified or the user named
// the trust store. The one place that builds this hint: probe, status and
// simulate all print it from here.
std::string trust_store_hint(const TlsSummary& t);

// `text` followed by the hint in parentheses, or `text` alone.
std::string with_trust_hint(const std::string& text, const TlsSummary& t);

} // namespace sipsurv::tls
