#include "core/probe/response_match.hpp"

#include "core/util/ascii.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

namespace sipsurv::probe {
namespace {

// Network text in an error line: at most 60 bytes (escaped where printed).
std::string
clip(std::string_view s)
{
  return s.size() > 60 ? std::string(s.substr(0, 60)) + "..." : std::string(s);
}

MatchResult
foreign(std::string why)
{
  return {Match::foreign, "the answer is not for this request: " + std::move(why)};
}

} // namespace

MatchResult
match_response(const sip::SipResponse& response, const RequestIds& request)
{
  const sip::ResponseIds& ids = response.ids;
  std::vector<std::string_view> missing;
  if (!ids.has_via) {
    missing.push_back("Via");
  }
  if (!ids.has_cseq) {
    missing.push_back("CSeq");
  }
  if (!ids.has_call_id) {
    missing.push_back("Call-ID");
  }
  if (!ids.has_from) {
    missing.push_back("From");
  }
  if (!ids.has_to) {
    missing.push_back("To");
  }
  if (!missing.empty()) {
    return {Match::malformed,
            fmt::format("the answer lacks the mandatory {} header{} (RFC 3261 §8.1.1)", fmt::join(missing, ", "),
                        missing.size() == 1 ? "" : "s")};
  }
  if (!iequals(ids.via_branch, request.branch)) {
    return foreign(ids.via_branch.empty() ? std::string("its top Via has no branch")
                                          : fmt::format("its top Via branch is '{}'", clip(ids.via_branch)));
  }
  const std::uint16_t port = ids.via_port.value_or(request.default_port);
  if (!iequals(ids.via_host, request.sent_by_host) || port != request.sent_by_port) {
    return foreign(fmt::format("its top Via sent-by is '{}:{}', the request's '{}:{}'", clip(ids.via_host), port,
                               request.sent_by_host, request.sent_by_port));
  }
  if (ids.cseq != request.cseq || ids.cseq_method != request.method) {
    return foreign(fmt::format("its CSeq is '{} {}', the request's '{} {}'", ids.cseq, clip(ids.cseq_method),
                               request.cseq, request.method));
  }
  if (response.call_id != request.call_id) {
    return foreign(fmt::format("its Call-ID is '{}'", clip(response.call_id)));
  }
  if (!iequals(ids.from_tag, request.from_tag)) {
    return foreign(ids.from_tag.empty() ? std::string("its From has no tag")
                                        : fmt::format("its From tag is '{}'", clip(ids.from_tag)));
  }
  return {};
}

} // namespace sipsurv::probe
