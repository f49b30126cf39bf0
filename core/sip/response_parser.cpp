#include "core/sip/response_parser.hpp"

#include "core/util/limits.hpp"

#include <fmt/format.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/su_alloc.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace sipsurv::sip {
namespace {

struct MsgDeleter {
  void operator()(msg_t* m) const { msg_destroy(m); }
};
using MsgPtr = std::unique_ptr<msg_t, MsgDeleter>;

constexpr std::size_t k_max_header_lines = limits::k_max_sip_header_lines;

// The first line, for error messages: at most 60 bytes, raw (network
// strings are escaped where they are printed).
std::string
first_line(std::string_view bytes)
{
  auto line = bytes.substr(0, bytes.find_first_of("\r\n"));
  if (line.size() > 60) {
    return std::string(line.substr(0, 60)) + "...";
  }
  return std::string(line);
}

// Split the header section into unfolded lines (RFC 3261 §7.3.1 line folding).
std::vector<std::string>
header_lines(std::string_view bytes)
{
  std::vector<std::string> lines;
  std::size_t pos = bytes.find('\n');
  while (pos != std::string_view::npos && pos + 1 < bytes.size() && lines.size() < k_max_header_lines) {
    const std::size_t start = pos + 1;
    std::size_t end = bytes.find('\n', start);
    std::string_view line = bytes.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      break; // end of the header section
    }
    if ((line.front() == ' ' || line.front() == '\t') && !lines.empty()) {
      const auto text = line.find_first_not_of(" \t");
      lines.back() += " ";
      lines.back() += line.substr(text == std::string_view::npos ? line.size() : text);
    } else {
      lines.emplace_back(line);
    }
    pos = end;
  }
  return lines;
}

// sofia-sip keeps a folded value as received ("Kamailio\r\n (5.6)"). RFC
// 3261 §7.3.1: a line fold is equivalent to one space, so the value is one
// line. Found by fuzzing (tests/fuzz/regressions/sip_response/).
std::string
unfolded(std::string_view value)
{
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size();) {
    if (value[i] == '\r' || value[i] == '\n') {
      while (i < value.size() && (value[i] == '\r' || value[i] == '\n' || value[i] == ' ' || value[i] == '\t')) {
        ++i;
      }
      out += ' ';
      continue;
    }
    out += value[i++];
  }
  return out;
}

template <typename H>
std::string
header_text(su_home_t* home, const H* h)
{
  if (h == nullptr) {
    return {};
  }
  char* s = sip_header_as_string(home, reinterpret_cast<const sip_header_t*>(h));
  return s == nullptr ? std::string{} : unfolded(s);
}

// Every header of a list (Via, Warning, Allow, …), one string each.
template <typename H, typename Next>
std::vector<std::string>
header_list(su_home_t* home, const H* h, Next next)
{
  std::vector<std::string> out;
  for (std::size_t n = 0; h != nullptr && n < k_max_header_lines; h = next(h), ++n) {
    out.push_back(header_text(home, h));
  }
  return out;
}

std::string
joined(const std::vector<std::string>& parts)
{
  return fmt::format("{}", fmt::join(parts, ", "));
}

bool
starts_with_nocase(std::string_view s, std::string_view prefix)
{
  return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

// A port as sent-by carries it; none when absent or not a port number.
std::optional<std::uint16_t>
port_of(const char* text)
{
  if (text == nullptr || *text == '\0') {
    return std::nullopt;
  }
  unsigned value = 0;
  for (const char* c = text; *c != '\0'; ++c) {
    if (*c < '0' || *c > '9' || value > 65535) {
      return std::nullopt;
    }
    value = value * 10 + static_cast<unsigned>(*c - '0');
  }
  return value <= 65535 ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(value)) : std::nullopt;
}

ResponseIds
ids_of(const sip_t* sip)
{
  ResponseIds ids;
  if (const sip_via_t* v = sip->sip_via; v != nullptr) {
    ids.has_via = true;
    ids.via_branch = v->v_branch == nullptr ? "" : v->v_branch;
    std::string_view host = v->v_host == nullptr ? "" : v->v_host;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    ids.via_host = std::string(host);
    ids.via_port = port_of(v->v_port);
  }
  if (const sip_cseq_t* c = sip->sip_cseq; c != nullptr) {
    ids.has_cseq = true;
    ids.cseq = c->cs_seq;
    ids.cseq_method = c->cs_method_name == nullptr ? "" : c->cs_method_name;
  }
  ids.has_call_id = sip->sip_call_id != nullptr && sip->sip_call_id->i_id != nullptr;
  if (const sip_from_t* f = sip->sip_from; f != nullptr) {
    ids.has_from = true;
    ids.from_tag = f->a_tag == nullptr ? "" : f->a_tag;
  }
  ids.has_to = sip->sip_to != nullptr;
  return ids;
}

} // namespace

Result<SipResponse>
parse_response(std::string_view bytes)
{
  if (bytes.size() > limits::k_max_sip_response) {
    return fail(Errc::limit,
                fmt::format("response of {} bytes is over the limit of {}", bytes.size(), limits::k_max_sip_response));
  }
  if (bytes.empty()) {
    return fail(Errc::protocol, "empty response");
  }
  // sofia-sip takes HTTP/1.1 and odd versions as responses; the status line
  // must be ours: "SIP/2.0 NNN reason".
  if (!starts_with_nocase(bytes, "SIP/2.0 ")) {
    if (bytes.starts_with("OPTIONS ") || bytes.starts_with("INVITE ") || bytes.find(" SIP/2.0") < bytes.find('\n')) {
      return fail(Errc::protocol, fmt::format("a request instead of a response: '{}'", first_line(bytes)));
    }
    return fail(Errc::protocol, fmt::format("not a SIP/2.0 status line: '{}'", first_line(bytes)));
  }
  MsgPtr msg(msg_make(sip_default_mclass(), 0, bytes.data(), static_cast<ssize_t>(bytes.size())));
  if (!msg) {
    return fail(Errc::protocol, fmt::format("unparseable SIP message starting '{}'", first_line(bytes)));
  }
  const sip_t* sip = sip_object(msg.get());
  if (sip == nullptr || sip->sip_status == nullptr) {
    return fail(Errc::protocol, fmt::format("no status line in '{}'", first_line(bytes)));
  }
  const sip_status_t* st = sip->sip_status;
  if (st->st_version == nullptr || !starts_with_nocase(st->st_version, "SIP/2.0") ||
      std::string_view(st->st_version).size() != 7) {
    return fail(Errc::protocol, fmt::format("not a SIP/2.0 response: '{}'", first_line(bytes)));
  }
  if (st->st_status < 100 || st->st_status > 699) {
    return fail(Errc::protocol, fmt::format("status code {} is outside 100-699", st->st_status));
  }
  SipResponse r;
  r.size = bytes.size();
  r.status = st->st_status;
  r.reason = st->st_phrase == nullptr ? "" : st->st_phrase;
  su_home_t* home = msg_home(msg.get());
  r.server = header_text(home, sip->sip_server);
  r.user_agent = header_text(home, sip->sip_user_agent);
  r.allow = header_text(home, sip->sip_allow);
  r.supported = joined(header_list(home, sip->sip_supported, [](const sip_supported_t* h) { return h->k_next; }));
  r.via = header_list(home, sip->sip_via, [](const sip_via_t* h) { return h->v_next; });
  r.warning = header_list(home, sip->sip_warning, [](const sip_warning_t* h) { return h->w_next; });
  if (sip->sip_retry_after != nullptr) {
    r.retry_after = static_cast<std::uint32_t>(sip->sip_retry_after->af_delta);
  }
  r.contact = joined(header_list(home, sip->sip_contact, [](const sip_contact_t* h) { return h->m_next; }));
  if (sip->sip_call_id != nullptr && sip->sip_call_id->i_id != nullptr) {
    r.call_id = sip->sip_call_id->i_id;
  }
  r.cseq = header_text(home, sip->sip_cseq);
  r.ids = ids_of(sip);
  r.header_lines = header_lines(bytes);
  return r;
}

} // namespace sipsurv::sip
