#include "core/model/sim_findings.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::model {

std::vector<report::Finding>
sim_findings(const ModelInput& in, const OutageEstimate* outage)
{
  using report::make_finding;
  const PhoneSettings& s = in.settings;
  std::vector<report::Finding> out;
  if (s.response_timer > k_recommended_response_timer) {
    out.push_back(make_finding("SIM001",
                               fmt::format("The call transaction response timer is {} ms: a call to a dead server "
                                           "waits that long before the phone fails over.",
                                           s.response_timer.count()),
                               fmt::format("--response-timer {} (recommended {} for OpenScape Voice)",
                                           s.response_timer.count(), k_recommended_response_timer.count())));
  }
  if (s.non_invite_timer > k_recommended_non_invite_timer) {
    out.push_back(make_finding("SIM002",
                               fmt::format("The non-INVITE transaction timer is {} ms: a REGISTER to a dead server "
                                           "waits that long before the phone fails over.",
                                           s.non_invite_timer.count()),
                               fmt::format("--non-invite-timer {} (recommended {} for OpenScape Voice)",
                                           s.non_invite_timer.count(), k_recommended_non_invite_timer.count())));
  }
  if (s.transport != Transport::udp && s.connectivity_check.count() == 0) {
    out.push_back(make_finding("SIM003",
                               "The connectivity check is off: a dead server is noticed only when a call or a "
                               "registration refresh times out.",
                               fmt::format("--transport {} --connectivity-check 0", to_string(s.transport))));
  }
  if (in.servers.size() == 1) {
    out.push_back(make_finding("SIM004",
                               "The phone has a single server: if it fails there is no other primary "
                               "to register with.",
                               fmt::format("server list: {}", in.servers.front().target)));
  }
  if (!in.backup) {
    out.push_back(make_finding("SIM005",
                               "No backup server is configured: with all primaries down the phone is "
                               "out of service.",
                               "--backup-proxy not set"));
  } else if (!s.backup_registration) {
    out.push_back(make_finding("SIM007",
                               "Backup registration is off: the phone sends no REGISTER to the backup; outgoing "
                               "calls can still go there once the primaries are lost, incoming calls cannot "
                               "reach the phone through it.",
                               "--backup-registration no"));
  }
  if (outage != nullptr && !outage->unbounded && outage->worst > k_long_outage_ms) {
    std::string dominating = outage->dominating.empty() ? std::string("-") : outage->dominating.front().setting;
    out.push_back(make_finding("SIM006",
                               fmt::format("When the server in use fails, outgoing calls can fail for up to {} "
                                           "(best case {}).",
                                           seconds_text(outage->worst), seconds_text(outage->best)),
                               fmt::format("dominated by: {}", dominating)));
  }
  if (!s.survivability_proxy.empty()) {
    const auto proxy = find_server(in.servers, s.survivability_proxy);
    if (!proxy) {
      out.push_back(make_finding("SIM008",
                                 "The survivability proxy is not in the phone's server list, so the "
                                 "phone never registers with it.",
                                 fmt::format("--survivability-proxy {}", s.survivability_proxy)));
    } else if (in.servers.size() == 1) {
      out.push_back(make_finding("SIM009",
                                 "No primary server is in the SRV list besides the survivability proxy: "
                                 "when the proxy is unreachable the phone cannot register directly.",
                                 fmt::format("server list: {}", in.servers.front().target)));
    }
  }
  if (in.uses_srv && !s.outbound_proxy) {
    out.push_back(make_finding("SIM011",
                               "The outbound proxy flag is off: the phone does not send its requests through the "
                               "servers of the SRV list, so the SRV failover this site relies on does not happen "
                               "(sipsurv models it as the first server only: an assumption).",
                               "--outbound-proxy no with SIP server port 0 (DNS SRV)"));
  }
  if (s.transport == Transport::udp && s.connectivity_check.count() > 0) {
    out.push_back(make_finding("SIM010",
                               "The connectivity check is set but the transport is UDP: the check tests "
                               "a TLS connection and does nothing here.",
                               fmt::format("--transport udp --connectivity-check {}", s.connectivity_check.count())));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const report::Finding& a, const report::Finding& b) { return a.severity > b.severity; });
  return out;
}

} // namespace sipsurv::model
