#include "core/dns/answer_walker.hpp"

#include "core/util/limits.hpp"

#include <ares.h>
#include <arpa/inet.h>
#include <fmt/format.h>

#include <array>
#include <memory>

namespace sipsurv::dns {
namespace {

constexpr std::size_t k_header_size = 12;

std::uint16_t
read_u16(std::span<const unsigned char> m, std::size_t at)
{
  return static_cast<std::uint16_t>((m[at] << 8) | m[at + 1]);
}

std::uint32_t
read_u32(std::span<const unsigned char> m, std::size_t at)
{
  return (std::uint32_t{m[at]} << 24) | (std::uint32_t{m[at + 1]} << 16) | (std::uint32_t{m[at + 2]} << 8) |
    std::uint32_t{m[at + 3]};
}

std::unexpected<Error>
malformed(std::size_t offset, std::string_view what)
{
  return fail(Errc::protocol, fmt::format("malformed DNS answer at byte {}: {}", offset, what));
}

// Expand the (possibly compressed) name at `at`; returns the name and the
// number of bytes it occupies at `at`.
Result<std::pair<std::string, std::size_t>>
expand_name(std::span<const unsigned char> m, std::size_t at)
{
  if (at >= m.size()) {
    return malformed(at, "name runs past the end");
  }
  char* raw = nullptr;
  long used = 0;
  const int rc = ares_expand_name(m.data() + at, m.data(), static_cast<int>(m.size()), &raw, &used);
  if (rc != ARES_SUCCESS || raw == nullptr || used <= 0) {
    if (raw != nullptr) {
      ares_free_string(raw);
    }
    return malformed(at, "bad domain name");
  }
  std::unique_ptr<char, decltype(&ares_free_string)> owner(raw, &ares_free_string);
  std::string name = raw[0] == '\0' ? std::string(".") : std::string(raw);
  return std::pair{std::move(name), static_cast<std::size_t>(used)};
}

// One <character-string> (RFC 1035 §3.3): a length byte and that many bytes.
Result<std::pair<std::string, std::size_t>>
read_character_string(std::span<const unsigned char> m, std::size_t at, std::size_t end)
{
  if (at >= end) {
    return malformed(at, "character-string runs past its record");
  }
  const std::size_t len = m[at];
  if (at + 1 + len > end) {
    return malformed(at, "character-string longer than its record");
  }
  return std::pair{std::string(reinterpret_cast<const char*>(m.data() + at + 1), len), len + 1};
}

Result<RecordData>
read_rdata(std::span<const unsigned char> m, std::uint16_t type, std::size_t at, std::size_t len)
{
  const std::size_t end = at + len;
  switch (type) {
  case rr::a:
  case rr::aaaa: {
    const std::size_t want = type == rr::a ? 4 : 16;
    if (len != want) {
      return malformed(at, fmt::format("{} record of {} bytes, {} expected", type_name(type), len, want));
    }
    std::array<char, INET6_ADDRSTRLEN> text{};
    const int family = type == rr::a ? AF_INET : AF_INET6;
    if (inet_ntop(family, m.data() + at, text.data(), static_cast<socklen_t>(text.size())) == nullptr) {
      return malformed(at, "unprintable address");
    }
    return AddressData{text.data()};
  }
  case rr::cname: {
    auto name = expand_name(m, at);
    if (!name) {
      return std::unexpected(name.error());
    }
    if (name->second > len) {
      return malformed(at, "CNAME target longer than its record");
    }
    return CnameData{std::move(name->first)};
  }
  case rr::srv: {
    if (len < 7) {
      return malformed(at, "SRV record shorter than 7 bytes");
    }
    auto name = expand_name(m, at + 6);
    if (!name) {
      return std::unexpected(name.error());
    }
    if (6 + name->second > len) {
      return malformed(at, "SRV target longer than its record");
    }
    return SrvData{read_u16(m, at), read_u16(m, at + 2), read_u16(m, at + 4), std::move(name->first)};
  }
  case rr::naptr: {
    if (len < 7) {
      return malformed(at, "NAPTR record shorter than 7 bytes");
    }
    NaptrData n{read_u16(m, at), read_u16(m, at + 2), {}, {}, {}, {}};
    std::size_t pos = at + 4;
    for (std::string* field : {&n.flags, &n.service, &n.regexp}) {
      auto s = read_character_string(m, pos, end);
      if (!s) {
        return std::unexpected(s.error());
      }
      *field = std::move(s->first);
      pos += s->second;
    }
    auto name = expand_name(m, pos);
    if (!name) {
      return std::unexpected(name.error());
    }
    if (pos + name->second > end) {
      return malformed(pos, "NAPTR replacement longer than its record");
    }
    n.replacement = std::move(name->first);
    return n;
  }
  default:
    return std::monostate{};
  }
}

} // namespace

Result<Message>
walk_answer(std::span<const unsigned char> m)
{
  if (m.size() > limits::k_max_dns_message) {
    return fail(Errc::limit,
                fmt::format("DNS answer of {} bytes exceeds the {}-byte limit", m.size(), limits::k_max_dns_message));
  }
  if (m.size() < k_header_size) {
    return malformed(0, fmt::format("message of {} bytes is shorter than the 12-byte header", m.size()));
  }
  Message msg;
  const std::uint16_t flags = read_u16(m, 2);
  if ((flags & 0x8000U) == 0) {
    return malformed(2, "QR bit not set: a query, not a response");
  }
  msg.authoritative = (flags & 0x0400U) != 0;
  msg.truncated = (flags & 0x0200U) != 0;
  msg.rcode = flags & 0x000FU;
  const std::size_t qdcount = read_u16(m, 4);
  const std::size_t ancount = read_u16(m, 6);

  std::size_t pos = k_header_size;
  for (std::size_t q = 0; q < qdcount; ++q) {
    auto name = expand_name(m, pos);
    if (!name) {
      return std::unexpected(name.error());
    }
    pos += name->second;
    if (pos + 4 > m.size()) {
      return malformed(pos, "question runs past the end");
    }
    pos += 4;
  }

  for (std::size_t i = 0; i < ancount; ++i) {
    auto owner = expand_name(m, pos);
    if (!owner) {
      // A truncated answer may legitimately stop mid-record: keep what we have.
      if (msg.truncated) {
        break;
      }
      return std::unexpected(owner.error());
    }
    pos += owner->second;
    if (pos + 10 > m.size()) {
      if (msg.truncated) {
        break;
      }
      return malformed(pos, "record header runs past the end");
    }
    Record rec;
    rec.name = std::move(owner->first);
    rec.type = read_u16(m, pos);
    const std::uint16_t rclass = read_u16(m, pos + 2);
    const std::uint32_t ttl = read_u32(m, pos + 4);
    // RFC 2181 §8: a TTL with the top bit set is treated as zero.
    rec.ttl = (ttl & 0x80000000U) != 0 ? 0 : ttl;
    const std::size_t rdlen = read_u16(m, pos + 8);
    pos += 10;
    if (pos + rdlen > m.size()) {
      if (msg.truncated) {
        break;
      }
      return malformed(pos, fmt::format("record data of {} bytes runs past the end", rdlen));
    }
    if (rclass != 1) { // only class IN carries addresses we can use
      pos += rdlen;
      continue;
    }
    auto data = read_rdata(m, rec.type, pos, rdlen);
    if (!data) {
      return std::unexpected(data.error());
    }
    rec.data = std::move(*data);
    pos += rdlen;
    if (msg.answers.size() >= limits::k_max_records_per_answer) {
      ++msg.records_over_limit;
      continue;
    }
    msg.answers.push_back(std::move(rec));
  }
  return msg;
}

} // namespace sipsurv::dns
