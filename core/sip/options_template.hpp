#pragma once

#include "core/sip/options_request.hpp"
#include "core/util/error.hpp"

#include <string>
#include <vector>

namespace sipsurv::sip {

// The OPTIONS request of one shape (transport, Max-Forwards, CSeq), built
// once by build_options with marker values and then filled per request with
// what changes every time: the request-URI (and the To URI, which is the
// request-URI), the sent-by host and port, the branch, the From tag and the
// Call-ID. Byte for byte what
// build_options gives for the same parameters, without sofia-sip's message
// allocation and encoding per request (17 % of a UDP probe's CPU, issue 16).
class OptionsTemplate
{
public:
  // Errc::usage as build_options; Errc::internal when a marker is not found
  // once where expected (say, a request-URI that contains one): the caller
  // then builds that request with build_options.
  static Result<OptionsTemplate> make(const OptionsParams& shape);

  // Whether `p` can be filled: an empty to_uri and a request-URI of the
  // plain characters sofia-sip writes back as given (sip: or sips:, letters,
  // digits, . - _ : ; = @ [ ]); any other is built with build_options,
  // which also checks it.
  static bool fits(const OptionsParams& p);

  // `p` must fit and have the shape the template was made from; only its
  // request-URI, local host, port, branch, From tag and Call-ID are read.
  std::string fill(const OptionsParams& p) const;

private:
  enum class Slot { request_uri, sent_by, host, branch, from_tag, call_id };
  std::vector<std::string> m_text; // literal pieces: one more than the slots
  std::vector<Slot> m_slots;
};

} // namespace sipsurv::sip
