#pragma once

#include "core/dns/records.hpp"
#include "core/util/error.hpp"

#include <cstddef>
#include <span>

namespace sipsurv::dns {

// Walk a raw DNS response: header, question section, answer section, keeping
// every record's TTL (c-ares 1.18's ares_parse_*_reply drop them for SRV and
// NAPTR). Every length read is bounded by the message; a record that does not
// fit is an error of kind Errc::protocol naming the offset. Names are expanded
// with c-ares's own ares_expand_name / ares_expand_string.
Result<Message> walk_answer(std::span<const unsigned char> message);

} // namespace sipsurv::dns
