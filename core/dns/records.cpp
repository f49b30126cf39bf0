#include "core/dns/records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace sipsurv::dns {

std::string
type_name(std::uint16_t type)
{
  switch (type) {
  case rr::a:
    return "A";
  case rr::cname:
    return "CNAME";
  case rr::aaaa:
    return "AAAA";
  case rr::srv:
    return "SRV";
  case rr::naptr:
    return "NAPTR";
  default:
    return fmt::format("TYPE{}", type);
  }
}

std::string
rcode_name(unsigned rcode)
{
  switch (rcode) {
  case 0:
    return "NOERROR";
  case 1:
    return "FORMERR";
  case 2:
    return "SERVFAIL";
  case 3:
    return "NXDOMAIN";
  case 4:
    return "NOTIMP";
  case 5:
    return "REFUSED";
  default:
    return fmt::format("RCODE{}", rcode);
  }
}

std::string
normalize_name(std::string_view name)
{
  // Drop the root dot, but not a dot inside a label: c-ares writes one as
  // "\." (RFC 1035 §5.1 presentation format), so "a\.." is label "a." plus
  // the root and normalizes to "a\.", which must then stay as it is.
  std::size_t backslashes = 0;
  while (name.size() >= backslashes + 2 && name[name.size() - 2 - backslashes] == '\\') {
    ++backslashes;
  }
  if (name.size() > 1 && name.back() == '.' && backslashes % 2 == 0) {
    name.remove_suffix(1);
  }
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool
same_name(std::string_view a, std::string_view b)
{
  return normalize_name(a) == normalize_name(b);
}

} // namespace sipsurv::dns
