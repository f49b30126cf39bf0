#include "core/probe/prober.hpp"

#include "core/dns/host_lookup.hpp"
#include "core/net/event_loop.hpp"
#include "core/net/sockets.hpp"
#include "core/probe/probe_run.hpp"
#include "core/util/ip_literal.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace sipsurv::probe {
namespace {

// Probes in flight: --parallel, but never more than the free file
// descriptors allow (each probe holds one socket; keep some for c-ares,
// stdio and the key log), so a low RLIMIT_NOFILE slows the run down
// instead of failing probes with EMFILE.
std::size_t
slot_limit(std::size_t parallel)
{
  std::size_t limit = std::max<std::size_t>(1, parallel);
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY) {
    const auto usable = lim.rlim_cur > 48 ? static_cast<std::size_t>(lim.rlim_cur - 48) : 1;
    limit = std::min(limit, usable);
  }
  return limit;
}

} // namespace

Result<std::vector<ProbeResult>>
run_probes(const std::vector<ProbeSpec>& specs, const ProbeOptions& options)
{
  return run_probes(specs, options, nullptr);
}

Result<std::vector<ProbeResult>>
run_probes(const std::vector<ProbeSpec>& specs, const ProbeOptions& options, TlsConnector* shared_tls)
{
  bool need_tls = false;
  bool need_dns = false;
  for (const auto& s : specs) {
    need_tls = need_tls || s.transport == Transport::tls;
    need_dns = need_dns || (s.address.empty() && s.unresolved.empty() && !is_ip_literal(s.target));
  }
  // Destroyed in reverse: the sessions (inside run_probes_with) before the
  // resolver, the resolver before the loop it watches its sockets in.
  net::SteadyClock clock;
  net::EventLoop loop;
  net::PosixSockets sockets;
  std::unique_ptr<TlsConnector> tls;
  if (need_tls && shared_tls == nullptr) {
    auto connector = make_openssl_connector(options.tls);
    if (!connector) {
      return std::unexpected(connector.error());
    }
    tls = std::move(*connector);
  }
  std::unique_ptr<dns::CaresHostLookup> names;
  if (need_dns) {
    auto resolver = dns::CaresHostLookup::create(loop, clock, options.dns);
    if (!resolver) {
      return std::unexpected(resolver.error());
    }
    names = std::move(*resolver);
  }
  ProbeOptions o = options;
  o.parallel = slot_limit(options.parallel);
  TlsConnector* connector = shared_tls != nullptr ? shared_tls : tls.get();
  return run_probes_with(specs, o, ProbePorts{clock, loop, sockets, connector, names.get()});
}

} // namespace sipsurv::probe
