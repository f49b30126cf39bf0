#pragma once

#include "core/dns/site_dns.hpp"
#include "core/model/timeline.hpp"
#include "core/settings/phone_settings.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sipsurv::model {

// One server of the phone's list (or the backup), as the model sees it.
struct ServerInfo {
  std::string target; // SRV target or host, as in DNS
  std::uint16_t port = 0;
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  bool has_address = true; // false: no A/AAAA, so every attempt fails at once
  bool is_survivability_proxy = false;
  // The target's A/AAAA addresses, tried in turn (RFC 3263 §4.2); empty
  // with has_address: one address the model does not name.
  std::vector<std::string> addresses;

  bool operator==(const ServerInfo&) const = default;
};

// Everything the phone model needs besides the scenario. Built from a
// resolution (live or zone file) by make_model_input; tests build it by hand.
struct ModelInput {
  PhoneSettings settings;
  bool uses_srv = true;            // false: SIP server port not 0, one fixed server
  std::vector<ServerInfo> servers; // the phone's list in the order it tries them (one RFC 2782 draw)
  std::uint32_t list_ttl = 0;      // seconds until the phone fetches the SRV list again; 0 = never
  std::optional<ServerInfo> backup;
  Millis connect_ms = 0;  // TCP connect + TLS handshake to a server (probe measures it)
  Millis register_ms = 0; // one REGISTER round trip
  std::uint64_t seed = 1; // RFC 2782 draws and the random registration backoff
};

// What a connection and a REGISTER cost when nothing was measured: a LAN.
inline constexpr Millis k_assumed_tls_connect_ms = 100;
inline constexpr Millis k_assumed_tcp_connect_ms = 50;
inline constexpr Millis k_assumed_register_ms = 50;

Millis assumed_connect_ms(Transport t);

// The model's input from a resolution: the phone's list in the site's order
// (SiteDns::servers, drawn once), the list TTL, the backup from the settings, and which
// target is the survivability proxy. Costs are the assumed ones.
ModelInput make_model_input(const PhoneSettings& settings, const dns::SiteDns& site, std::uint64_t seed);

// Order `servers` as the phone would (dns::phone_order, the one draw): for
// a list that changed at a TTL refetch. The list of make_model_input is
// already in this order and is never drawn again.
std::vector<ServerInfo> phone_order(std::vector<ServerInfo> servers, std::uint64_t seed);

// "host:port"
std::string server_label(const ServerInfo& s);

// The index of `target` (case-insensitive DNS name) in `servers`, if any.
std::optional<std::size_t> find_server(const std::vector<ServerInfo>& servers, std::string_view target);

} // namespace sipsurv::model
