// The CPU floor of one TLS 1.3 handshake on this machine's OpenSSL
// (bench/README.md): client and server in one thread over an in-memory BIO
// pair, no sockets, no peer process. The client verifies the server's chain
// against --ca-file as sipsurv does (SSL_VERIFY_NONE, then the verify result);
// the server sends OpenSSL's default session tickets, as the bench peers do,
// and the client reads them. Each side's CPU is its thread CPU time spent
// inside its own SSL calls.
//
//   bench_tls_handshake_loop --cert PEM --key PEM --ca-file CA [--count 200]
// Prints "handshakes=N client_us=C server_us=S" (CPU per handshake).

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string_view>

namespace {

double
thread_cpu_us()
{
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// Runs `f` and adds its thread CPU time to `total`.
template <typename F>
int
timed(double& total, F f)
{
  const double t0 = thread_cpu_us();
  const int rc = f();
  total += thread_cpu_us() - t0;
  return rc;
}

bool
wants_io(SSL* ssl, int rc)
{
  const int e = SSL_get_error(ssl, rc);
  return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
}

} // namespace

int
main(int argc, char** argv)
{
  const char* cert = nullptr;
  const char* key = nullptr;
  const char* ca = nullptr;
  int count = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view opt(argv[i]);
    if (opt == "--cert") {
      cert = argv[i + 1];
    } else if (opt == "--key") {
      key = argv[i + 1];
    } else if (opt == "--ca-file") {
      ca = argv[i + 1];
    } else if (opt == "--count") {
      count = std::atoi(argv[i + 1]);
    }
  }
  if (cert == nullptr || key == nullptr || ca == nullptr || count <= 0 || count > 100000) {
    std::fprintf(stderr, "usage: bench_tls_handshake_loop --cert PEM --key PEM --ca-file CA [--count 1..100000]\n");
    return 64;
  }
  SSL_CTX* server_ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX* client_ctx = SSL_CTX_new(TLS_client_method());
  if (server_ctx == nullptr || client_ctx == nullptr || SSL_CTX_use_certificate_chain_file(server_ctx, cert) != 1 ||
      SSL_CTX_use_PrivateKey_file(server_ctx, key, SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_load_verify_locations(client_ctx, ca, nullptr) != 1) {
    std::fprintf(stderr, "bench_tls_handshake_loop: cannot load the certificate, key or CA\n");
    return 1;
  }
  SSL_CTX_set_min_proto_version(client_ctx, TLS1_3_VERSION);
  SSL_CTX_set_verify(client_ctx, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_session_cache_mode(client_ctx, SSL_SESS_CACHE_OFF);
  double client_us = 0;
  double server_us = 0;
  int good = 0;
  for (int n = 0; n < count; ++n) {
    SSL* client = SSL_new(client_ctx);
    SSL* server = SSL_new(server_ctx);
    BIO* client_bio = nullptr;
    BIO* server_bio = nullptr;
    BIO_new_bio_pair(&client_bio, 0, &server_bio, 0);
    SSL_set_bio(client, client_bio, client_bio);
    SSL_set_bio(server, server_bio, server_bio);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
    bool client_done = false;
    bool server_done = false;
    bool failed = false;
    // Bounded: a TLS 1.3 handshake takes a few flights.
    for (int round = 0; round < 32 && !(client_done && server_done) && !failed; ++round) {
      if (!client_done) {
        const int rc = timed(client_us, [&] { return SSL_do_handshake(client); });
        client_done = rc == 1;
        failed = failed || (!client_done && !wants_io(client, rc));
      }
      if (!server_done) {
        const int rc = timed(server_us, [&] { return SSL_do_handshake(server); });
        server_done = rc == 1;
        failed = failed || (!server_done && !wants_io(server, rc));
      }
    }
    // The session tickets the server sent after its handshake: the client reads them.
    char byte = 0;
    std::size_t got = 0;
    timed(client_us, [&] { return SSL_read_ex(client, &byte, 1, &got); });
    if (!failed && client_done && server_done && SSL_get_verify_result(client) == X509_V_OK) {
      ++good;
    }
    SSL_free(client);
    SSL_free(server);
  }
  SSL_CTX_free(client_ctx);
  SSL_CTX_free(server_ctx);
  std::printf("handshakes=%d client_us=%.1f server_us=%.1f\n", good, client_us / count, server_us / count);
  return good == count ? 0 : 1;
}
