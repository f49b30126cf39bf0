#pragma once

#include "core/tls/cert_info.hpp"
#include "core/tls/tls_client.hpp"
#include "core/util/error.hpp"

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace sipsurv::probe {

// The TLS layer of a stream probe, as a port: the real one is an OpenSSL
// session over the probe's socket (tls::TlsSession); tests script one.
class TlsChannel
{
public:
  virtual ~TlsChannel() = default;
  virtual tls::TlsStep handshake() = 0;
  // Bytes moved in `moved`; the step says what to wait for when none moved.
  virtual tls::TlsStep write(std::string_view data, std::size_t& moved) = 0;
  virtual tls::TlsStep read(std::span<char> buffer, std::size_t& moved) = 0;
  // Why the last step failed, in one line.
  virtual const std::string& error() const = 0;
  virtual tls::TlsSummary summary(std::string_view domain, std::string_view target,
                                  std::chrono::sys_seconds now) const = 0;
};

// Starts a client TLS channel on a connected socket; one per run.
class TlsConnector
{
public:
  virtual ~TlsConnector() = default;
  // `sni`: the server name to send; empty = none.
  virtual Result<std::unique_ptr<TlsChannel>> start(int fd, const std::string& sni) = 0;
};

// The real connector: one OpenSSL context for the run (Errc::usage when a CA,
// certificate or key file cannot be used).
Result<std::unique_ptr<TlsConnector>> make_openssl_connector(const tls::TlsConfig& config);

} // namespace sipsurv::probe
