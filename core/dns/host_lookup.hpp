#pragma once

#include "core/dns/site_dns.hpp"
#include "core/util/error.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace sipsurv::dns {

// The prober's port for the addresses of a target given by name: answered
// inside the prober's event loop, so lookups and probes share one deadline.
// The real adapter is AsyncResolver (c-ares); tests script one.
class HostLookup
{
public:
  // Addresses (A first, then AAAA), or an error naming the outcome, with the
  // elapsed time of the lookup.
  using Done = std::function<void(Result<std::vector<AddressRecord>>, std::chrono::microseconds)>;

  virtual ~HostLookup() = default;

  // `done` is called once, from inside the loop; never after the port is gone.
  virtual void lookup(const std::string& host, Done done) = 0;
};

} // namespace sipsurv::dns
