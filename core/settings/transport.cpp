#include "core/settings/transport.hpp"

namespace sipsurv {

std::string_view
to_string(Transport t)
{
  switch (t) {
  case Transport::udp:
    return "udp";
  case Transport::tcp:
    return "tcp";
  case Transport::tls:
    return "tls";
  }
  return "udp";
}

std::optional<Transport>
parse_transport(std::string_view text)
{
  if (text == "udp") {
    return Transport::udp;
  }
  if (text == "tcp") {
    return Transport::tcp;
  }
  if (text == "tls") {
    return Transport::tls;
  }
  return std::nullopt;
}

} // namespace sipsurv
