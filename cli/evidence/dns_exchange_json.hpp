#pragma once

// A DNS question and the reply the resolver gave, as an evidence bundle
// keeps it: the message field by field (rcode, flags, every record with
// its TTL), or the error when no usable reply came.

#include "cli/evidence/json_in.hpp"
#include "cli/render/common.hpp"
#include "core/status/site_evidence.hpp"

namespace sipsurv::cli {

Json dns_exchange_to_json(const status::DnsExchange& e);

// Problems go to the reader (JsonIn::error), naming the field.
status::DnsExchange dns_exchange_from_json(const JsonIn& in);

} // namespace sipsurv::cli
