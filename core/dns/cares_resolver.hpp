#pragma once

#include "core/dns/resolver.hpp"
#include "core/dns/server_address.hpp"

#include <chrono>
#include <memory>
#include <vector>

namespace sipsurv::dns {

struct CaresOptions {
  std::vector<ServerAddress> servers;      // empty = the system resolver (/etc/resolv.conf)
  std::chrono::milliseconds timeout{5000}; // the whole lookup() call, all retries included
};

// The real resolver: c-ares 1.18 driven by its own poll() loop. Responses of
// every rcode are returned (ARES_FLAG_NOCHECKRESP), so SERVFAIL and REFUSED
// are reported as such instead of looking like a dead server; truncated UDP
// answers are retried over TCP by c-ares.
class CaresResolver final : public Resolver
{
public:
  static Result<std::unique_ptr<CaresResolver>> create(const CaresOptions& options);
  ~CaresResolver() override;
  CaresResolver(const CaresResolver&) = delete;
  CaresResolver& operator=(const CaresResolver&) = delete;

  std::vector<Reply> lookup(std::span<const Question> questions) override;
  std::string describe() const override;

private:
  struct Channel;
  explicit CaresResolver(std::unique_ptr<Channel> channel, CaresOptions options);

  std::unique_ptr<Channel> m_channel;
  CaresOptions m_options;
};

} // namespace sipsurv::dns
