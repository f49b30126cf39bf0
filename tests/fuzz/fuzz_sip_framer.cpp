// Fuzz target: the TCP/TLS stream framer (core/sip/stream_framer), fed the
// input in chunks whose sizes come from the input, as a hostile server might
// dribble or flood them; every message it cuts out goes to the parser.
#include "core/sip/response_parser.hpp"
#include "core/sip/stream_framer.hpp"
#include "core/util/limits.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace sipsurv;

namespace {

// A small limit as well as the real one, so the fuzzer meets the limit often.
constexpr std::size_t k_small_limit = 512;
constexpr std::size_t k_max_chunks = 4096;

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  fuzz::Bytes in(data, size);
  const std::size_t limit = (in.u8() & 1U) != 0 ? k_small_limit : limits::k_max_sip_response;
  sip::StreamFramer framer(limit);
  bool failed = false;
  std::size_t messages = 0;
  for (std::size_t chunk = 0; chunk < k_max_chunks && !in.empty(); ++chunk) {
    const std::size_t n = 1 + in.u8() % 64U;
    const auto piece = in.take(n);
    const auto fed = framer.feed(piece);
    if (!fed) {
      SIPSURV_FUZZ_CHECK(fed.error().code == Errc::limit || fed.error().code == Errc::protocol);
      SIPSURV_FUZZ_CHECK(fuzz::is_one_line_message(fed.error()));
      failed = true;
    } else {
      SIPSURV_FUZZ_CHECK(!failed); // after an error the framer stays failed
    }
    while (auto message = framer.next()) {
      SIPSURV_FUZZ_CHECK(message->size() <= limit);
      ++messages;
      (void)sip::parse_response(*message);
    }
    // Memory stays bounded by the limit (plus the chunk just fed).
    SIPSURV_FUZZ_CHECK(failed || framer.buffered() <= limit + n);
  }
  SIPSURV_FUZZ_CHECK(messages <= size);
  return 0;
}
