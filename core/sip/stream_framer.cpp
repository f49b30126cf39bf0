#include "core/sip/stream_framer.hpp"

#include "core/util/ascii.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sipsurv::sip {
namespace {

struct Frame {
  std::size_t header_end = 0; // offset just past the blank line
  std::size_t body_length = 0;
};

std::string_view
trim(std::string_view s)
{
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) {
    return {};
  }
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Locate the end of the header section and read Content-Length ("l" in
// compact form). nullopt when the header section is not complete yet.
Result<std::optional<Frame>>
find_frame(std::string_view buf)
{
  std::size_t blank = buf.find("\r\n\r\n");
  std::size_t skip = 4;
  const std::size_t bare = buf.find("\n\n");
  if (bare != std::string_view::npos && (blank == std::string_view::npos || bare < blank)) {
    blank = bare;
    skip = 2;
  }
  if (blank == std::string_view::npos) {
    return std::optional<Frame>{};
  }
  Frame f;
  f.header_end = blank + skip;
  std::optional<std::size_t> length;
  std::string_view headers = buf.substr(0, blank);
  std::size_t pos = 0;
  while (pos < headers.size()) {
    auto end = headers.find('\n', pos);
    const std::string_view line =
      headers.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? headers.size() : end + 1;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    const auto name = trim(line.substr(0, colon));
    if (!iequals(name, "content-length") && !iequals(name, "l")) {
      continue;
    }
    const auto value = trim(line.substr(colon + 1));
    std::size_t n = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc{} || ptr != value.data() + value.size()) {
      return fail(Errc::protocol, "the response's Content-Length is not a number");
    }
    if (length && *length != n) {
      return fail(Errc::protocol, "the response has two different Content-Length headers");
    }
    length = n;
  }
  // RFC 3261 §18.3 requires Content-Length on streams; without it the body
  // cannot be delimited, so assume none (what most stacks do).
  f.body_length = length.value_or(0);
  return std::optional<Frame>{f};
}

} // namespace

Result<void>
StreamFramer::check()
{
  // Skip keep-alive CRLFs (and stray line ends) before a message.
  const auto start = m_buffer.find_first_not_of("\r\n");
  m_buffer.erase(0, start == std::string::npos ? m_buffer.size() : start);
  auto frame = find_frame(m_buffer);
  if (!frame) {
    m_failed = frame.error();
    return std::unexpected(frame.error());
  }
  const std::size_t needed = *frame ? (*frame)->header_end + (*frame)->body_length : m_buffer.size();
  if (needed > m_max) {
    m_failed = Error{Errc::limit, fmt::format("response larger than the limit of {} bytes", m_max)};
    return std::unexpected(*m_failed);
  }
  return {};
}

Result<void>
StreamFramer::feed(std::string_view bytes)
{
  if (m_failed) {
    return std::unexpected(*m_failed);
  }
  // Bounded: never buffer more than the limit plus one read.
  m_buffer.append(bytes);
  return check();
}

std::optional<std::string>
StreamFramer::next()
{
  if (m_failed) {
    return std::nullopt;
  }
  if (!check()) {
    return std::nullopt;
  }
  auto frame = find_frame(m_buffer);
  if (!frame || !*frame) {
    return std::nullopt;
  }
  const std::size_t total = (*frame)->header_end + (*frame)->body_length;
  if (m_buffer.size() < total) {
    return std::nullopt;
  }
  std::string message = m_buffer.substr(0, total);
  m_buffer.erase(0, total);
  return message;
}

Result<void>
check_datagram_length(std::string_view datagram)
{
  auto frame = find_frame(datagram);
  if (!frame) {
    return std::unexpected(frame.error());
  }
  if (!*frame) {
    return {}; // no blank line: the parser reports what is wrong with it
  }
  const std::size_t body = datagram.size() - (*frame)->header_end;
  if ((*frame)->body_length > body) {
    return fail(Errc::protocol,
                fmt::format("the datagram's Content-Length {} is more than its {} body bytes; "
                            "discarded (RFC 3261 §18.3)",
                            (*frame)->body_length, body));
  }
  return {};
}

} // namespace sipsurv::sip
