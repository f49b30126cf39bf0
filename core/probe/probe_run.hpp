#pragma once

// The prober over explicit ports: the scheduler (slots, the deadline) and
// one session per spec (udp_probe, stream_probe, tls_probe). run_probes
// (prober.hpp) gives it the real adapters; unit tests script them
// (tests/unit/fakes/scripted_io.hpp), so the rules about matching,
// scheduling and deadlines are tested without a network.

#include "core/dns/host_lookup.hpp"
#include "core/net/clock.hpp"
#include "core/net/event_loop.hpp"
#include "core/net/sockets.hpp"
#include "core/probe/probe_types.hpp"
#include "core/probe/tls_channel.hpp"

#include <vector>

namespace sipsurv::probe {

struct ProbePorts {
  net::Clock& clock;
  net::Reactor& reactor;
  net::Sockets& sockets;
  TlsConnector* tls = nullptr;      // needed when a spec is TLS; none = those probes fail
  dns::HostLookup* names = nullptr; // needed when a spec has neither address nor IP literal
};

// One result per spec, in spec order. At most options.parallel probes are in
// flight; the run ends at options.timeout from its start.
std::vector<ProbeResult> run_probes_with(const std::vector<ProbeSpec>& specs, const ProbeOptions& options,
                                         const ProbePorts& ports);

} // namespace sipsurv::probe
