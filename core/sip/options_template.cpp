#include "core/sip/options_template.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace sipsurv::sip {
namespace {

// Markers no real value takes: a reserved name (RFC 2606) and tokens of
// letters only, where the real ones are hex digits.
constexpr std::string_view k_uri = "sip:sipsurv-request-uri.invalid";
constexpr std::string_view k_host = "sipsurv-sent-by.invalid";
constexpr std::uint16_t k_port = 1;
constexpr std::string_view k_branch = "z9hG4bKsipsurvbranchmarker";
constexpr std::string_view k_tag = "sipsurvtagmarker";
constexpr std::string_view k_call_id = "sipsurvcallidmarker";

std::string
host_of(const OptionsParams& p)
{
  return p.local_ipv6 ? fmt::format("[{}]", p.local_host) : p.local_host;
}

} // namespace

Result<OptionsTemplate>
OptionsTemplate::make(const OptionsParams& shape)
{
  OptionsParams m = shape;
  m.request_uri = std::string(k_uri);
  m.to_uri.clear();
  m.local_host = std::string(k_host);
  m.local_port = k_port;
  m.local_ipv6 = false;
  m.branch = std::string(k_branch);
  m.from_tag = std::string(k_tag);
  m.call_id = std::string(k_call_id);
  auto built = build_options(m);
  if (!built) {
    return std::unexpected(built.error());
  }
  const std::string& text = *built;
  // The sent-by (host:port, in the Via) before the bare host (in From), as
  // the host is a prefix of it.
  const std::string sent_by = fmt::format("{}:{};", k_host, k_port);
  const std::array<std::pair<std::string_view, Slot>, 6> markers{{{k_uri, Slot::request_uri},
                                                                  {sent_by, Slot::sent_by},
                                                                  {k_host, Slot::host},
                                                                  {k_branch, Slot::branch},
                                                                  {k_tag, Slot::from_tag},
                                                                  {k_call_id, Slot::call_id}}};
  OptionsTemplate t;
  std::array<int, 6> seen{};
  std::size_t pos = 0;
  // Bounded by the text: each pass moves past one marker.
  for (;;) {
    std::size_t best = std::string::npos;
    std::size_t which = 0;
    for (std::size_t k = 0; k < markers.size(); ++k) {
      const std::size_t at = text.find(markers[k].first, pos);
      if (at < best) {
        best = at;
        which = k;
      }
    }
    if (best == std::string::npos) {
      break;
    }
    t.m_text.push_back(text.substr(pos, best - pos));
    t.m_slots.push_back(markers[which].second);
    ++seen[which];
    // The sent-by marker ends with the ';' that follows it: keep that literal.
    const std::size_t length = markers[which].first.size() - (markers[which].second == Slot::sent_by ? 1 : 0);
    pos = best + length;
  }
  t.m_text.push_back(text.substr(pos));
  // The request-URI twice: the request line and To.
  if (seen != std::array<int, 6>{2, 1, 1, 1, 1, 1}) {
    return fail(Errc::internal, "the OPTIONS template's markers are not each found once");
  }
  return t;
}

bool
OptionsTemplate::fits(const OptionsParams& p)
{
  const std::string_view uri = p.request_uri;
  // The template is the OPTIONS probe's; a REGISTER is built whole (one per server).
  if (p.method != "OPTIONS" || !p.from_uri.empty() || !p.auth_value.empty() || !p.to_uri.empty() ||
      !(uri.starts_with("sip:") || uri.starts_with("sips:")) || uri.size() > 512) {
    return false;
  }
  return std::all_of(uri.begin(), uri.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
      std::string_view(".-_:;=@[]").find(c) != std::string_view::npos;
  });
}

std::string
OptionsTemplate::fill(const OptionsParams& p) const
{
  const std::string host = host_of(p);
  std::string out;
  std::size_t size =
    p.request_uri.size() * 2 + host.size() * 2 + p.branch.size() + p.from_tag.size() + p.call_id.size() + 6;
  for (const auto& piece : m_text) {
    size += piece.size();
  }
  out.reserve(size);
  for (std::size_t k = 0; k < m_slots.size(); ++k) {
    out += m_text[k];
    switch (m_slots[k]) {
    case Slot::request_uri:
      out += p.request_uri;
      break;
    case Slot::sent_by:
      out += host;
      out += ':';
      out += std::to_string(p.local_port);
      break;
    case Slot::host:
      out += host;
      break;
    case Slot::branch:
      out += p.branch;
      break;
    case Slot::from_tag:
      out += p.from_tag;
      break;
    case Slot::call_id:
      out += p.call_id;
      break;
    }
  }
  out += m_text.back();
  return out;
}

} // namespace sipsurv::sip
