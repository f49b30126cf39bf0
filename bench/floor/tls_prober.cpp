// The floor of a TLS prober (bench/README.md): one poll loop, non-blocking
// sockets, a window of --parallel probes, one SSL_CTX on the same OpenSSL as
// sipsurv. Each probe connects, handshakes (the chain verified against
// --ca-file, as sipsurv does it: SSL_VERIFY_NONE, then the verify result),
// sends one OPTIONS and reads the answer's header.
//
//   bench_tls_prober --targets FILE --ca-file CA [--parallel 64] [--timeout-ms 30000] [--nagle 1]
// --nagle 1 leaves Nagle's algorithm on (no TCP_NODELAY), to show what it costs.
// Prints "probes=N ok=K verified=V ms=T" and exits 0 when every probe was answered.

#include "floor_common.hpp"

#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

using namespace floor_bench;

namespace {

enum class Phase { idle, connecting, handshake, writing, reading };

struct Slot {
  int fd = -1;
  SSL* ssl = nullptr;
  Phase phase = Phase::idle;
  short events = 0;
  std::size_t target = 0;
  std::string call_id;
  std::string request;
  std::size_t written = 0;
  std::string answer;
};

void
release(Slot& s)
{
  if (s.ssl != nullptr) {
    SSL_free(s.ssl);
    s.ssl = nullptr;
  }
  if (s.fd >= 0) {
    close(s.fd);
    s.fd = -1;
  }
  s.phase = Phase::idle;
}

// What the next SSL step waits for; 0 on failure.
short
wait_for(SSL* ssl, int rc)
{
  switch (SSL_get_error(ssl, rc)) {
  case SSL_ERROR_WANT_READ:
    return POLLIN;
  case SSL_ERROR_WANT_WRITE:
    return POLLOUT;
  default:
    return 0;
  }
}

} // namespace

int
main(int argc, char** argv)
{
  const char* file = nullptr;
  const char* ca = nullptr;
  std::size_t window = 64;
  int timeout_ms = 30000;
  bool nagle = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view opt(argv[i]);
    if (opt == "--targets") {
      file = argv[i + 1];
    } else if (opt == "--ca-file") {
      ca = argv[i + 1];
    } else if (opt == "--parallel") {
      window = static_cast<std::size_t>(std::atoi(argv[i + 1]));
    } else if (opt == "--timeout-ms") {
      timeout_ms = std::atoi(argv[i + 1]);
    } else if (opt == "--nagle") {
      nagle = std::string_view(argv[i + 1]) == "1";
    }
  }
  if (file == nullptr || ca == nullptr || window == 0) {
    std::fprintf(stderr, "usage: bench_tls_prober --targets FILE --ca-file CA [--parallel N] [--timeout-ms MS]\n");
    return 64;
  }
  const auto t0 = Clock::now();
  const auto targets = read_targets(file);
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr || SSL_CTX_load_verify_locations(ctx, ca, nullptr) != 1) {
    std::fprintf(stderr, "bench_tls_prober: cannot load '%s'\n", ca);
    return 1;
  }
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  const auto deadline = t0 + std::chrono::milliseconds(timeout_ms);
  std::mt19937_64 rng(std::random_device{}());
  std::vector<Slot> slots(window);
  std::vector<pollfd> fds(window);
  std::array<char, 16384> buffer{};
  std::size_t next = 0;
  std::size_t ok = 0;
  std::size_t verified = 0;
  std::size_t active = 0;

  const auto start = [&](Slot& s) {
    // Bounded by the targets: a failed socket skips to the next one.
    while (next < targets.size()) {
      s.target = next++;
      s.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (s.fd < 0) {
        continue;
      }
      const int one = 1;
      if (!nagle) {
        setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      }
      const auto& addr = targets[s.target].addr;
      if (connect(s.fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
        release(s);
        continue;
      }
      s.phase = Phase::connecting;
      s.events = POLLOUT;
      ++active;
      return;
    }
  };
  const auto done = [&](Slot& s, bool answered) {
    ok += answered ? 1U : 0U;
    release(s);
    --active;
    start(s);
  };
  // One step of a probe after its socket became ready; bounded: each phase
  // either moves on or returns what to wait for.
  const auto step = [&](Slot& s) {
    if (s.phase == Phase::connecting) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) {
        return done(s, false);
      }
      s.ssl = SSL_new(ctx);
      SSL_set_fd(s.ssl, s.fd);
      SSL_set_connect_state(s.ssl);
      s.phase = Phase::handshake;
    }
    if (s.phase == Phase::handshake) {
      const int rc = SSL_do_handshake(s.ssl);
      if (rc != 1) {
        s.events = wait_for(s.ssl, rc);
        return s.events != 0 ? void() : done(s, false);
      }
      verified += SSL_get_verify_result(s.ssl) == X509_V_OK ? 1U : 0U;
      sockaddr_in local{};
      socklen_t len = sizeof local;
      getsockname(s.fd, reinterpret_cast<sockaddr*>(&local), &len);
      s.call_id = token(rng);
      s.request = options_request(targets[s.target], "sips", "TLS", local, s.call_id, rng);
      s.written = 0;
      s.answer.clear();
      s.phase = Phase::writing;
    }
    if (s.phase == Phase::writing) {
      while (s.written < s.request.size()) {
        std::size_t moved = 0;
        const int rc = SSL_write_ex(s.ssl, s.request.data() + s.written, s.request.size() - s.written, &moved);
        if (rc != 1) {
          s.events = wait_for(s.ssl, rc);
          return s.events != 0 ? void() : done(s, false);
        }
        s.written += moved;
      }
      s.phase = Phase::reading;
    }
    // Reading: until the end of the answer's header (the peers send no body).
    for (int k = 0; k < 16; ++k) {
      std::size_t got = 0;
      const int rc = SSL_read_ex(s.ssl, buffer.data(), buffer.size(), &got);
      if (rc != 1) {
        s.events = wait_for(s.ssl, rc);
        return s.events != 0 ? void() : done(s, false);
      }
      s.answer.append(buffer.data(), got);
      if (s.answer.find("\r\n\r\n") != std::string::npos) {
        return done(s, answers(s.answer, s.call_id));
      }
      if (s.answer.size() > 65536) {
        return done(s, false);
      }
    }
    s.events = POLLIN;
  };

  for (auto& s : slots) {
    start(s);
  }
  // Bounded by the deadline.
  while (active > 0 && Clock::now() < deadline) {
    for (std::size_t i = 0; i < window; ++i) {
      fds[i] = {slots[i].phase == Phase::idle ? -1 : slots[i].fd, slots[i].events, 0};
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (poll(fds.data(), fds.size(), static_cast<int>(std::max<long>(left, 0))) < 0 && errno != EINTR) {
      break;
    }
    for (std::size_t i = 0; i < window; ++i) {
      if (fds[i].fd >= 0 && fds[i].revents != 0) {
        step(slots[i]);
      }
    }
  }
  for (auto& s : slots) {
    release(s);
  }
  SSL_CTX_free(ctx);
  std::printf("probes=%zu ok=%zu verified=%zu ms=%.1f\n", targets.size(), ok, verified, ms_since(t0));
  return ok == targets.size() ? 0 : 1;
}
