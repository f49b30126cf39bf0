#pragma once

#include "core/dns/records.hpp"
#include "core/dns/resolver.hpp"
#include "core/util/error.hpp"
#include "core/util/limits.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::dns {

// Read master-file text (RFC 1035 §5) with the records sipsurv uses: SRV, A,
// AAAA, NAPTR, CNAME; SOA, NS, TXT, MX, PTR and CAA are read and ignored.
// Understands $ORIGIN, $TTL, "@", relative names, owner names left blank
// (the previous owner), TTL and class in either order, ';' comments, quoted
// strings and records spread over lines with parentheses. `origin` is the
// starting $ORIGIN (may be empty). Errors are Errc::usage:
// "FILE:LINE: what was wrong; allowed: …".
Result<std::vector<Record>> parse_zone(std::string_view text, std::string_view file_name, std::string_view origin);

inline constexpr std::size_t k_max_zone_records = limits::k_max_zone_records;
inline constexpr std::size_t k_max_zone_line = limits::k_max_zone_line;

// A Resolver answering from zone records, so resolve_site works offline: the
// records of the asked name and type; for a name that is an alias, the CNAME
// and what it leads to inside the zone; NODATA for a name with other records;
// NXDOMAIN otherwise. Answers are authoritative and take no time.
class ZoneResolver final : public Resolver
{
public:
  ZoneResolver(std::vector<Record> records, std::string file_name);

  std::vector<Reply> lookup(std::span<const Question> questions, net::TimePoint deadline) override;
  std::string describe() const override;

private:
  Message answer(const Question& q) const;

  std::vector<Record> m_records;
  std::string m_file_name;
};

} // namespace sipsurv::dns
