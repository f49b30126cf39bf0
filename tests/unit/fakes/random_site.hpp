#pragma once

// Seeded random phone sites for property and consistency tests of the phone
// model: servers (priorities, weights, one or two addresses), transports,
// timers, profiles, a backup or none, and servers already failing at +0.
#include "core/model/model_input.hpp"
#include "core/model/scenario.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <vector>

namespace sipsurv::test {

using model::Action;
using model::Millis;
using model::ModelInput;
using model::ServerInfo;
using model::Step;

// SplitMix64, so every run of the test draws the same sites.
class Draws
{
public:
  explicit Draws(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next()
  {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  Millis between(Millis lo, Millis hi)
  {
    return lo + static_cast<Millis>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  template <typename T, std::size_t N>
  T pick(const std::array<T, N>& from)
  {
    return from[below(N)];
  }

private:
  std::uint64_t m_state;
};

struct Site {
  model::ModelInput in;
  std::vector<model::Step> world; // at +0
};

inline Site
random_site(Draws& d)
{
  Site site;
  ModelInput& in = site.in;
  PhoneSettings& s = in.settings;
  s.sip_gateway = "example.com";
  s.transport = d.pick(std::array{Transport::tls, Transport::tcp, Transport::udp});
  s.connectivity_check = std::chrono::seconds(d.pick(std::array{0L, 0L, 5L, 10L, 30L, 60L, 120L}));
  s.response_timer = std::chrono::milliseconds(d.pick(std::array{3700L, 8000L, 32000L}));
  s.non_invite_timer = std::chrono::milliseconds(d.pick(std::array{6000L, 12000L, 32000L}));
  s.reg_backoff = std::chrono::seconds(d.pick(std::array{0L, 10L, 60L, 120L}));
  s.registration_expiry = std::chrono::seconds(d.pick(std::array{120L, 600L, 3600L}));
  s.phone_model = d.pick(std::array{"openscape-cp", "openscape-cp", "rfc3263"});
  const std::size_t n = 1 + d.below(4);
  std::vector<ServerInfo> servers;
  for (std::size_t i = 0; i < n; ++i) {
    ServerInfo srv;
    srv.target = fmt::format("sip{}.example.com", i + 1);
    srv.port = 5061;
    srv.priority = d.pick(std::array<std::uint16_t, 3>{10, 20, 30});
    srv.weight = d.pick(std::array<std::uint16_t, 3>{0, 10, 50});
    const std::size_t addresses = 1 + d.below(2);
    for (std::size_t a = 0; a < addresses; ++a) {
      srv.addresses.push_back(fmt::format("127.0.{}.{}", i + 1, a + 1));
    }
    servers.push_back(std::move(srv));
  }
  in.seed = d.next();
  in.servers = model::phone_order(servers, in.seed); // the run's one draw, as make_model_input gives it
  in.list_ttl = static_cast<std::uint32_t>(d.pick(std::array{0L, 60L, 300L}));
  in.connect_ms = model::assumed_connect_ms(s.transport);
  in.register_ms = 50;
  if (d.below(2) == 0) {
    s.backup_proxy = HostPort{"backup.example.com", 5060};
    s.backup_registration = d.below(3) != 0;
    s.backup_transport = d.pick(std::array{Transport::udp, Transport::tcp});
    in.backup = ServerInfo{"backup.example.com", 5060, 0, 0, true, false, {}};
    if (d.below(5) == 0) {
      Step st;
      st.action = Action::down;
      st.target = "backup.example.com";
      site.world.push_back(st);
    }
  }
  // Servers already failing at the start, in every way the model knows.
  for (const auto& srv : in.servers) {
    if (d.below(4) != 0) {
      continue;
    }
    Step st;
    st.action =
      d.pick(std::array{Action::down, Action::refuse, Action::unavailable, Action::tls_fail, Action::register_reject});
    st.target = srv.target;
    st.code = 403;
    site.world.push_back(st);
  }
  return site;
}

} // namespace sipsurv::test
