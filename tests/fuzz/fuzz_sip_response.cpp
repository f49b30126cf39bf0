// Fuzz target: the SIP response parser (core/sip/response_parser), which
// reads whatever a SIP server (or anything listening on its port) sends.
#include "core/sip/response_parser.hpp"
#include "core/util/limits.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace sipsurv;

namespace {

// A value that spans lines would break a one-line report row. (A lone CR
// inside a value is data, escaped where printed.)
bool
has_line_break(std::string_view s)
{
  return s.find('\n') != std::string_view::npos || s.find("\r\n") != std::string_view::npos;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto r = sip::parse_response(bytes);
  if (!r) {
    SIPSURV_FUZZ_CHECK(r.error().code == Errc::protocol || r.error().code == Errc::limit);
    SIPSURV_FUZZ_CHECK(fuzz::is_one_line_message(r.error()));
    SIPSURV_FUZZ_CHECK(r.error().code != Errc::limit || size > limits::k_max_sip_response);
    return 0;
  }
  SIPSURV_FUZZ_CHECK(size <= limits::k_max_sip_response);
  SIPSURV_FUZZ_CHECK(r->status >= 100 && r->status <= 699);
  SIPSURV_FUZZ_CHECK(r->size <= size);
  // Header values are single lines once unfolded (RFC 3261 §7.3.1).
  SIPSURV_FUZZ_CHECK(!has_line_break(r->reason) && !has_line_break(r->server) && !has_line_break(r->user_agent));
  SIPSURV_FUZZ_CHECK(!has_line_break(r->allow) && !has_line_break(r->contact));
  for (const auto& v : r->via) {
    SIPSURV_FUZZ_CHECK(!has_line_break(v));
  }
  for (const auto& line : r->header_lines) {
    SIPSURV_FUZZ_CHECK(!has_line_break(line));
  }
  return 0;
}
