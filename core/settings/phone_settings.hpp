#pragma once

#include "core/settings/transport.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sipsurv {

// host[:port]; port 0 means "not given".
struct HostPort {
  std::string host;
  std::uint16_t port = 0;

  bool operator==(const HostPort&) const = default;
};

// The phone's configuration, parameter by parameter as in PHONE-MODEL.md.
// Defaults are the phone's factory defaults; the CLI reports every setting
// that differs from them.
struct PhoneSettings {
  std::string sip_gateway;                      // the SRV domain (DOMAIN on the command line)
  std::string sip_server;                       // host or IP
  std::optional<std::uint16_t> sip_server_port; // 0 = find servers by DNS SRV; unset = see effective_sip_server_port()
  std::string registrar;
  bool outbound_proxy = true;
  Transport transport = Transport::udp;
  std::vector<std::string> dns_servers; // ADDR[:PORT]; empty = the system resolver
  std::chrono::seconds connectivity_check{0};
  std::chrono::milliseconds response_timer{32000};
  std::chrono::milliseconds non_invite_timer{32000};
  std::chrono::seconds reg_backoff{60};
  std::chrono::seconds registration_expiry{3600};
  std::optional<HostPort> backup_proxy; // port 0 = 5060
  Transport backup_transport = Transport::udp;
  bool backup_registration = true;
  std::string survivability_proxy; // SRV target acting as survivability proxy
  // Which phone's behaviour the model follows: a row of the phone-profile
  // table (core/model), e.g. "openscape-cp" (the default) or "rfc3263".
  std::string phone_model = "openscape-cp";
  // Not the phone's: finding IDs the site's operator accepts (--accept).
  // They stay in every report, marked, but no longer change the state;
  // kept here so that a --phone file can carry them with the site.
  std::vector<std::string> accepted_findings;

  bool operator==(const PhoneSettings&) const = default;
};

// The SIP server port the phone uses: as configured; else 0 (DNS SRV) when a
// gateway domain is given; else the transport's default port.
std::uint16_t effective_sip_server_port(const PhoneSettings& s);

// The backup proxy's port, defaulting to 5060 as the phone does.
std::uint16_t effective_backup_port(const HostPort& backup);

// Recommended values for OpenScape Voice (PHONE-MODEL.md).
inline constexpr std::chrono::milliseconds k_recommended_response_timer{3700};
inline constexpr std::chrono::milliseconds k_recommended_non_invite_timer{6000};

} // namespace sipsurv
