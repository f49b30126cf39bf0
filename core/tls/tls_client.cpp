#include "core/tls/tls_client.hpp"

#include "core/tls/system_trust.hpp"
#include "core/util/escape.hpp"
#include "core/util/ip_literal.hpp"
#include "core/util/limits.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>

namespace sipsurv::tls {
namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

// The queued OpenSSL errors as one line, emptying the queue.
std::string
openssl_errors()
{
  std::string out;
  for (int i = 0; i < 8; ++i) {
    const unsigned long e = ERR_get_error();
    if (e == 0) {
      break;
    }
    std::array<char, 256> buf{};
    ERR_error_string_n(e, buf.data(), buf.size());
    if (!out.empty()) {
      out += "; ";
    }
    const char* reason = ERR_reason_error_string(e);
    out += reason != nullptr ? reason : buf.data();
  }
  ERR_clear_error();
  return out;
}

std::string
name_text(const X509_NAME* name)
{
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || name == nullptr) {
    return {};
  }
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string{};
}

std::string
asn1_text(const ASN1_STRING* s)
{
  if (s == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::chrono::sys_seconds
asn1_time(const ASN1_TIME* t)
{
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) {
    return {};
  }
  return std::chrono::sys_seconds(std::chrono::seconds(timegm(&tm)));
}

std::string
ip_text(const ASN1_OCTET_STRING* ip)
{
  std::array<char, INET6_ADDRSTRLEN> buf{};
  const int len = ASN1_STRING_length(ip);
  const void* data = ASN1_STRING_get0_data(ip);
  if (len == 4 && inet_ntop(AF_INET, data, buf.data(), buf.size()) != nullptr) {
    return buf.data();
  }
  if (len == 16 && inet_ntop(AF_INET6, data, buf.data(), buf.size()) != nullptr) {
    return buf.data();
  }
  return "?";
}

CertInfo
cert_info(X509* x)
{
  CertInfo c;
  c.subject = name_text(X509_get_subject_name(x));
  c.issuer = name_text(X509_get_issuer_name(x));
  c.self_signed = X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0;
  const X509_NAME* subject = X509_get_subject_name(x);
  const int cn = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (cn >= 0) {
    c.common_name = asn1_text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, cn)));
  }
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr));
  if (names != nullptr) {
    const int n = sk_GENERAL_NAME_num(names);
    std::size_t kept = 0;
    for (int i = 0; i < n; ++i) {
      const GENERAL_NAME* g = sk_GENERAL_NAME_value(names, i);
      if (g->type != GEN_DNS && g->type != GEN_URI && g->type != GEN_IPADD) {
        continue; // e-mail, directory names, …: not identities RFC 5922 uses
      }
      if (kept == limits::k_max_cert_sans) {
        c.sans_truncated = true;
        break;
      }
      ++kept;
      if (g->type == GEN_DNS) {
        c.dns_sans.push_back(asn1_text(g->d.dNSName));
      } else if (g->type == GEN_URI) {
        c.uri_sans.push_back(asn1_text(g->d.uniformResourceIdentifier));
      } else if (g->type == GEN_IPADD) {
        c.ip_sans.push_back(ip_text(g->d.iPAddress));
      }
    }
    GENERAL_NAMES_free(names);
  }
  c.not_before = asn1_time(X509_get0_notBefore(x));
  c.not_after = asn1_time(X509_get0_notAfter(x));
  return c;
}

// The system trust store (system_trust.hpp): the default directory's hash
// links, read when a chain needs them, when that directory is the whole trust
// set; else OpenSSL's defaults. Both trust the same CAs on a system whose
// bundle file and hashed directory come from one source (update-ca-certificates).
bool
load_system_trust(SSL_CTX* ctx)
{
  const std::string dir = X509_get_default_cert_dir();
  const SystemTrust how =
    choose_system_trust(names_default(std::getenv(X509_get_default_cert_file_env()), X509_get_default_cert_file()),
                        names_default(std::getenv(X509_get_default_cert_dir_env()), dir), has_hash_links(dir));
  if (how == SystemTrust::hashed_dir) {
    X509_LOOKUP* lookup = X509_STORE_add_lookup(SSL_CTX_get_cert_store(ctx), X509_LOOKUP_hash_dir());
    // X509_LOOKUP_add_dir() is a macro with a C cast; call what it expands to.
    if (lookup != nullptr && X509_LOOKUP_ctrl(lookup, X509_L_ADD_DIR, dir.c_str(), X509_FILETYPE_PEM, nullptr) == 1) {
      return true;
    }
    ERR_clear_error();
  }
  return SSL_CTX_set_default_verify_paths(ctx) == 1;
}

bool
matches_host(X509* x, std::string_view host)
{
  const std::string h(host);
  if (h.empty()) {
    return false;
  }
  if (is_ip_literal(h)) {
    return X509_check_ip_asc(x, h.c_str(), 0) == 1;
  }
  return X509_check_host(x, h.data(), h.size(), 0, nullptr) == 1;
}

} // namespace

struct TlsContext::Impl {
  SSL_CTX* ctx = nullptr;
  std::FILE* keylog = nullptr;
  ~Impl()
  {
    if (ctx != nullptr) {
      SSL_CTX_free(ctx);
    }
    if (keylog != nullptr) {
      std::fclose(keylog);
    }
  }
};

namespace {

int g_ctx_index = -1;

void
write_keylog(const SSL* ssl, const char* line)
{
  auto* impl = static_cast<TlsContext::Impl*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), g_ctx_index));
  if (impl != nullptr && impl->keylog != nullptr) {
    std::fprintf(impl->keylog, "%s\n", line);
    std::fflush(impl->keylog);
  }
}

} // namespace

TlsContext::TlsContext(std::unique_ptr<Impl> impl, TlsConfig config)
    : m_impl(std::move(impl)), m_config(std::move(config))
{}

TlsContext::~TlsContext() = default;

Result<std::unique_ptr<TlsContext>>
TlsContext::create(const TlsConfig& config)
{
  static std::once_flag once;
  std::call_once(once, [] { g_ctx_index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr); });
  auto impl = std::make_unique<Impl>();
  impl->ctx = SSL_CTX_new(TLS_client_method());
  if (impl->ctx == nullptr) {
    return fail(Errc::io, "cannot create a TLS context: " + openssl_errors());
  }
  SSL_CTX* ctx = impl->ctx;
  SSL_CTX_set_ex_data(ctx, g_ctx_index, impl.get());
  // Verification is evaluated after the handshake (SSL_get_verify_result), so
  // that a bad certificate is reported with its details, not as a bare alert.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
  if (!config.ca_file.empty() || !config.ca_path.empty()) {
    if (SSL_CTX_load_verify_locations(ctx, config.ca_file.empty() ? nullptr : config.ca_file.c_str(),
                                      config.ca_path.empty() ? nullptr : config.ca_path.c_str()) != 1) {
      return fail(Errc::usage,
                  fmt::format("--ca-file/--ca-path: cannot load CA certificates from '{}': {}",
                              escape_for_terminal(config.ca_file.empty() ? config.ca_path : config.ca_file),
                              escape_for_terminal(openssl_errors())));
    }
  } else if (!load_system_trust(ctx)) {
    return fail(Errc::io, "cannot load the system trust store: " + openssl_errors());
  }
  if (config.verify_time) {
    X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(ctx),
                               static_cast<time_t>(config.verify_time->time_since_epoch().count()));
  }
  if (!config.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx, config.cert_file.c_str()) != 1) {
      return fail(Errc::usage,
                  fmt::format("--cert '{}': not a PEM certificate: {}", escape_for_terminal(config.cert_file),
                              escape_for_terminal(openssl_errors())));
    }
    const std::string& key = config.key_file.empty() ? config.cert_file : config.key_file;
    if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1) {
      return fail(Errc::usage,
                  fmt::format("--key '{}': not a PEM private key: {}", escape_for_terminal(key),
                              escape_for_terminal(openssl_errors())));
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
      return fail(Errc::usage,
                  fmt::format("--key '{}' does not belong to --cert '{}'", escape_for_terminal(key),
                              escape_for_terminal(config.cert_file)));
    }
  } else if (!config.key_file.empty()) {
    return fail(Errc::usage, "--key needs --cert");
  }
  if (!config.keylog_file.empty()) {
    impl->keylog = std::fopen(config.keylog_file.c_str(), "a");
    if (impl->keylog == nullptr) {
      return fail(
        Errc::usage,
        fmt::format("SSLKEYLOGFILE '{}': cannot open for appending", escape_for_terminal(config.keylog_file)));
    }
    SSL_CTX_set_keylog_callback(ctx, &write_keylog);
  }
  return std::unique_ptr<TlsContext>(new TlsContext(std::move(impl), config));
}

struct TlsSession::Impl {
  SSL* ssl = nullptr;
  bool client_cert_configured = false;
  bool system_trust = false;
  bool cert_requested = false;
  int alert_received = -1; // TLS alert description from the server
  // TLS 1.3: the server checks the client certificate after our handshake
  // is done, so a missing one shows as an alert or a reset at the first I/O.
  bool dropped_after_cert_request = false;
  std::string sni;
  ~Impl()
  {
    if (ssl != nullptr) {
      SSL_free(ssl);
    }
  }
};

namespace {

// Sees every handshake message and alert: CertificateRequest (type 13) from
// the server, and the alert that ends a handshake (TLS 1.3 certificate_required = 116).
void
on_tls_message(int write_p, int /*version*/, int content_type, const void* buf, std::size_t len, SSL* /*ssl*/,
               void* arg)
{
  auto* impl = static_cast<TlsSession::Impl*>(arg);
  const auto* bytes = static_cast<const unsigned char*>(buf);
  if (write_p != 0 || len == 0) {
    return;
  }
  if (content_type == SSL3_RT_HANDSHAKE && bytes[0] == SSL3_MT_CERTIFICATE_REQUEST) {
    impl->cert_requested = true;
  } else if (content_type == SSL3_RT_ALERT && len >= 2 && bytes[0] == 2 /* fatal */) {
    impl->alert_received = bytes[1];
  }
}

} // namespace

TlsSession::TlsSession(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

TlsSession::~TlsSession() = default;

Result<std::unique_ptr<TlsSession>>
TlsSession::create(TlsContext& ctx, int fd, const std::string& sni)
{
  auto impl = std::make_unique<Impl>();
  impl->ssl = SSL_new(ctx.m_impl->ctx);
  if (impl->ssl == nullptr) {
    return fail(Errc::io, "cannot create a TLS session: " + openssl_errors());
  }
  impl->client_cert_configured = ctx.has_client_cert();
  impl->system_trust = ctx.uses_system_trust();
  impl->sni = sni;
  SSL_set_fd(impl->ssl, fd);
  SSL_set_connect_state(impl->ssl);
  if (!sni.empty()) {
    // SSL_set_tlsext_host_name() is a macro with a C cast; call what it expands to.
    SSL_ctrl(impl->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(sni.c_str()));
  }
  SSL_set_msg_callback(impl->ssl, &on_tls_message);
  SSL_set_msg_callback_arg(impl->ssl, impl.get());
  return std::unique_ptr<TlsSession>(new TlsSession(std::move(impl)));
}

TlsStep
TlsSession::classify(int rc, std::string_view what)
{
  const int err = SSL_get_error(m_impl->ssl, rc);
  if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE && m_impl->cert_requested &&
      !m_impl->client_cert_configured && SSL_is_init_finished(m_impl->ssl) == 1) {
    m_impl->dropped_after_cert_request = true;
  }
  switch (err) {
  case SSL_ERROR_WANT_READ:
    return TlsStep::want_read;
  case SSL_ERROR_WANT_WRITE:
    return TlsStep::want_write;
  case SSL_ERROR_ZERO_RETURN:
    m_error = fmt::format("the server closed the TLS connection during the {}", what);
    return TlsStep::closed;
  case SSL_ERROR_SYSCALL: {
    const int e = errno;
    const std::string detail = openssl_errors();
    m_error = e != 0
      ? fmt::format("{} failed: {}", what, std::strerror(e))
      : fmt::format("the server closed the connection during the {}{}", what, detail.empty() ? "" : ": " + detail);
    return TlsStep::failed;
  }
  default:
    break;
  }
  std::string detail = openssl_errors();
  if (m_impl->alert_received >= 0) {
    detail = fmt::format("alert '{}' from the server{}", SSL_alert_desc_string_long(m_impl->alert_received),
                         detail.empty() ? "" : " (" + detail + ")");
  }
  m_error = fmt::format("TLS {} failed: {}", what, detail.empty() ? "unknown error" : detail);
  return TlsStep::failed;
}

TlsStep
TlsSession::handshake()
{
  ERR_clear_error();
  errno = 0;
  const int rc = SSL_do_handshake(m_impl->ssl);
  return rc == 1 ? TlsStep::done : classify(rc, "handshake");
}

TlsStep
TlsSession::write(std::string_view data, std::size_t& moved)
{
  ERR_clear_error();
  errno = 0;
  moved = 0;
  const int rc = SSL_write_ex(m_impl->ssl, data.data(), data.size(), &moved);
  return rc == 1 ? TlsStep::done : classify(rc, "write");
}

TlsStep
TlsSession::read(std::span<char> buffer, std::size_t& moved)
{
  ERR_clear_error();
  errno = 0;
  moved = 0;
  const int rc = SSL_read_ex(m_impl->ssl, buffer.data(), buffer.size(), &moved);
  return rc == 1 ? TlsStep::done : classify(rc, "read");
}

TlsSummary
TlsSession::summary(std::string_view domain, std::string_view target, std::chrono::sys_seconds now) const
{
  TlsSummary s;
  SSL* ssl = m_impl->ssl;
  s.sni = m_impl->sni;
  s.domain = std::string(domain);
  s.target = std::string(target);
  s.cert_requested = m_impl->cert_requested;
  s.system_trust = m_impl->system_trust;
  s.client_cert_sent = m_impl->cert_requested && m_impl->client_cert_configured;
  // 116 certificate_required (TLS 1.3), 40 handshake_failure and 42
  // bad_certificate (TLS 1.2) after a CertificateRequest we could not answer.
  const int alert = m_impl->alert_received;
  s.client_cert_missing = m_impl->cert_requested && !m_impl->client_cert_configured &&
    (alert == 116 || alert == 40 || alert == 42 || m_impl->dropped_after_cert_request);
  // Only a finished handshake negotiated a version: before it, a client's
  // SSL already has a session and SSL_get_version names the highest offered.
  if (SSL_is_init_finished(ssl) == 1) {
    s.protocol = SSL_get_version(ssl);
    if (const SSL_CIPHER* c = SSL_get_current_cipher(ssl); c != nullptr) {
      s.cipher = SSL_CIPHER_get_name(c);
    }
  }
  if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl); chain != nullptr) {
    const auto n = static_cast<std::size_t>(std::max(sk_X509_num(chain), 0));
    for (std::size_t i = 0; i < n && i < limits::k_max_cert_chain; ++i) {
      s.chain.push_back(cert_info(sk_X509_value(chain, static_cast<int>(i))));
    }
    s.chain_truncated = n > limits::k_max_cert_chain;
  }
  X509Ptr leaf(SSL_get1_peer_certificate(ssl));
  if (leaf) {
    const long verify = SSL_get_verify_result(ssl);
    s.verified = verify == X509_V_OK;
    if (!s.verified) {
      s.verify_error = X509_verify_cert_error_string(verify);
    }
    // On a client the peer chain starts with the leaf (SSL_get_peer_cert_chain(3)):
    // reuse what was read rather than decoding its names and SANs again.
    if (s.chain.empty()) {
      s.chain.push_back(cert_info(leaf.get()));
    }
    const CertInfo& info = s.chain.front();
    s.domain_match = match_sip_domain(info, domain);
    s.target_match = matches_host(leaf.get(), target);
    s.days_left = days_left(info, now);
  } else if (SSL_is_init_finished(ssl) == 1) {
    s.verify_error = "the server sent no certificate";
  }
  return s;
}

Result<CertInfo>
read_certificate_der(std::span<const unsigned char> der)
{
  const unsigned char* p = der.data();
  X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x) {
    return fail(Errc::protocol, "not a DER certificate: " + openssl_errors());
  }
  return cert_info(x.get());
}

bool
certificate_matches_host_der(std::span<const unsigned char> der, std::string_view host)
{
  const unsigned char* p = der.data();
  X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  return x && matches_host(x.get(), host);
}

} // namespace sipsurv::tls
