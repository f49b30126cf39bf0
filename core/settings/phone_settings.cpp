#include "core/settings/phone_settings.hpp"

namespace sipsurv {

std::uint16_t
effective_sip_server_port(const PhoneSettings& s)
{
  if (s.sip_server_port) {
    return *s.sip_server_port;
  }
  if (!s.sip_gateway.empty()) {
    return 0;
  }
  return default_sip_port(s.transport);
}

std::uint16_t
effective_backup_port(const HostPort& backup)
{
  return backup.port != 0 ? backup.port : 5060;
}

} // namespace sipsurv
