#pragma once

// Builds DNS response messages byte by byte for tests of the answer walker.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::test {

class DnsWire
{
public:
  // Header with QR set; counts are patched by finish().
  explicit DnsWire(unsigned rcode = 0, bool truncated = false)
  {
    const std::uint16_t flags = static_cast<std::uint16_t>(0x8000U | (truncated ? 0x0200U : 0U) | (rcode & 0xFU));
    u16(0x1234);
    u16(flags);
    u16(0);
    u16(0);
    u16(0);
    u16(0);
  }

  DnsWire& question(std::string_view name, std::uint16_t type)
  {
    this->name(name);
    u16(type);
    u16(1);
    ++m_qd;
    return *this;
  }

  // Starts an answer record; rdata follows via the helpers, then end_record().
  DnsWire& record(std::string_view owner, std::uint16_t type, std::uint32_t ttl, std::uint16_t rclass = 1)
  {
    name(owner);
    u16(type);
    u16(rclass);
    u16(static_cast<std::uint16_t>(ttl >> 16));
    u16(static_cast<std::uint16_t>(ttl & 0xFFFF));
    m_rdlen_at = m_bytes.size();
    u16(0);
    ++m_an;
    return *this;
  }

  DnsWire& end_record()
  {
    const std::size_t len = m_bytes.size() - m_rdlen_at - 2;
    m_bytes[m_rdlen_at] = static_cast<unsigned char>(len >> 8);
    m_bytes[m_rdlen_at + 1] = static_cast<unsigned char>(len & 0xFF);
    return *this;
  }

  DnsWire& srv(std::string_view owner, std::uint32_t ttl, std::uint16_t prio, std::uint16_t weight, std::uint16_t port,
               std::string_view target)
  {
    record(owner, 33, ttl);
    u16(prio);
    u16(weight);
    u16(port);
    name(target);
    return end_record();
  }

  DnsWire& a(std::string_view owner, std::uint32_t ttl, std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d)
  {
    record(owner, 1, ttl);
    m_bytes.insert(m_bytes.end(), {a, b, c, d});
    return end_record();
  }

  DnsWire& cname(std::string_view owner, std::uint32_t ttl, std::string_view target)
  {
    record(owner, 5, ttl);
    name(target);
    return end_record();
  }

  DnsWire& naptr(std::string_view owner, std::uint32_t ttl, std::uint16_t order, std::uint16_t pref,
                 std::string_view flags, std::string_view service, std::string_view regexp, std::string_view repl)
  {
    record(owner, 35, ttl);
    u16(order);
    u16(pref);
    for (auto s : {flags, service, regexp}) {
      m_bytes.push_back(static_cast<unsigned char>(s.size()));
      m_bytes.insert(m_bytes.end(), s.begin(), s.end());
    }
    name(repl);
    return end_record();
  }

  DnsWire& raw(std::initializer_list<unsigned char> bytes)
  {
    m_bytes.insert(m_bytes.end(), bytes);
    return *this;
  }

  DnsWire& u16(std::uint16_t v)
  {
    m_bytes.push_back(static_cast<unsigned char>(v >> 8));
    m_bytes.push_back(static_cast<unsigned char>(v & 0xFF));
    return *this;
  }

  DnsWire& name(std::string_view dotted)
  {
    std::size_t start = 0;
    while (start < dotted.size()) {
      std::size_t dot = dotted.find('.', start);
      if (dot == std::string_view::npos) {
        dot = dotted.size();
      }
      const auto label = dotted.substr(start, dot - start);
      m_bytes.push_back(static_cast<unsigned char>(label.size()));
      m_bytes.insert(m_bytes.end(), label.begin(), label.end());
      start = dot + 1;
    }
    m_bytes.push_back(0);
    return *this;
  }

  // Overwrite the answer count (for lying headers).
  DnsWire& set_ancount(std::uint16_t n)
  {
    m_an_override = n;
    return *this;
  }

  std::vector<unsigned char> finish() const
  {
    std::vector<unsigned char> out = m_bytes;
    const std::uint16_t an = m_an_override ? m_an_override : m_an;
    out[4] = static_cast<unsigned char>(m_qd >> 8);
    out[5] = static_cast<unsigned char>(m_qd & 0xFF);
    out[6] = static_cast<unsigned char>(an >> 8);
    out[7] = static_cast<unsigned char>(an & 0xFF);
    return out;
  }

private:
  std::vector<unsigned char> m_bytes;
  std::size_t m_rdlen_at = 0;
  std::uint16_t m_qd = 0;
  std::uint16_t m_an = 0;
  std::uint16_t m_an_override = 0;
};

} // namespace sipsurv::test
