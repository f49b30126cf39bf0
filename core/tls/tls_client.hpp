#pragma once

#include "core/tls/cert_info.hpp"
#include "core/util/error.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

// The OpenSSL 3 adapter: one shared context per configuration, one
// non-blocking session per TLS probe. Only files under core/tls/ include
// OpenSSL headers.
namespace sipsurv::tls {

struct TlsConfig {
  std::string ca_file; // empty with ca_path empty = the system trust store
  std::string ca_path;
  std::string cert_file;                               // client certificate (PEM chain) for mutual TLS
  std::string key_file;                                // its private key (PEM); empty = in cert_file
  std::string keylog_file;                             // NSS key log (SSLKEYLOGFILE); empty = none
  std::optional<std::chrono::sys_seconds> verify_time; // verify as of this time (tests); none = now
};

class TlsSession;

// One SSL_CTX for all probes of a run: a context per probe cost ~45 KB each.
class TlsContext
{
public:
  // Errc::usage when a CA, certificate or key file cannot be used (the
  // message names the option), Errc::io for OpenSSL failures.
  static Result<std::unique_ptr<TlsContext>> create(const TlsConfig& config);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  bool has_client_cert() const { return !m_config.cert_file.empty(); }
  bool uses_system_trust() const { return m_config.ca_file.empty() && m_config.ca_path.empty(); }
  struct Impl;

private:
  friend class TlsSession;
  TlsContext(std::unique_ptr<Impl> impl, TlsConfig config);
  std::unique_ptr<Impl> m_impl;
  TlsConfig m_config;
};

// What a non-blocking step needs next.
enum class TlsStep { done, want_read, want_write, closed, failed };

// A client TLS session over a connected non-blocking socket the caller owns.
class TlsSession
{
public:
  // `sni`: the server name to send; empty = none.
  static Result<std::unique_ptr<TlsSession>> create(TlsContext& ctx, int fd, const std::string& sni);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  TlsStep handshake();
  // Bytes moved in `moved`; the step says what to wait for when none moved.
  TlsStep write(std::string_view data, std::size_t& moved);
  TlsStep read(std::span<char> buffer, std::size_t& moved);

  // Why the last step failed, in one line.
  const std::string& error() const { return m_error; }

  // Certificates, identity against `domain` (RFC 5922) and `target`
  // (X509_check_host or an IP SAN), days left as of `now`.
  TlsSummary summary(std::string_view domain, std::string_view target, std::chrono::sys_seconds now) const;

  struct Impl;

private:
  TlsSession(std::unique_ptr<Impl> impl);
  TlsStep classify(int rc, std::string_view what);
  std::unique_ptr<Impl> m_impl;
  std::string m_error;
};

// Read one DER certificate (tests, and the chain of a session).
Result<CertInfo> read_certificate_der(std::span<const unsigned char> der);

// X509_check_host / X509_check_ip_asc on a DER certificate: the check used
// for the SRV target name.
bool certificate_matches_host_der(std::span<const unsigned char> der, std::string_view host);

} // namespace sipsurv::tls
