#pragma once

#include "core/dns/site_dns.hpp"
#include "core/probe/probe_types.hpp"
#include "core/sip/sip_uri.hpp"

#include <vector>

namespace sipsurv::probe {

// Which transports to probe: the phone's one, or every one (--transport all).
struct PlanChoice {
  std::vector<Transport> transports; // in the order to probe; see transports_for()
  SniChoice sni = SniChoice::domain;
  unsigned max_forwards = 70;
};

// `all` = every transport in RFC 3263 preference order (TLS, TCP, UDP).
std::vector<Transport> all_transports();

// Specs from a resolved site, in resolve order: per transport (the order of
// `choice.transports`; with SRV only the transports that have SRV records),
// the SRV targets in priority order (the phone's list for its own
// transport), each target's addresses A first. A target without an address
// becomes one spec with `unresolved` set, which the prober reports as
// dns-failed without looking it up again.
// Without SRV (a SIP server port): the direct host and port.
std::vector<ProbeSpec> plan_from_site(const dns::SiteDns& site, const PlanChoice& choice);

// Specs from explicit targets, in the order given: the URI's transport (sips:
// or ;transport=) when it has one, else each transport of `choice`; its port
// or the transport's default. `sip_domain` (the SIP gateway, may be empty)
// is the domain checked against certificates; empty = each target's host.
std::vector<ProbeSpec> plan_from_targets(const std::vector<sip::TargetUri>& targets, const PlanChoice& choice,
                                         const std::string& sip_domain);

} // namespace sipsurv::probe
