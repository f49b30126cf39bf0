// The floor of a UDP prober of sipsurv's design (bench/README.md): one poll
// loop, non-blocking connected sockets, a window of --parallel probes, one
// receive buffer reused for every datagram. No retransmissions: the bench
// peers answer at once on loopback.
//
//   bench_udp_prober --targets FILE [--parallel 64] [--timeout-ms 5000]
// Prints "probes=N ok=K ms=T" and exits 0 when every probe was answered.

#include "floor_common.hpp"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

using namespace floor_bench;

namespace {

struct Slot {
  int fd = -1;
  std::size_t target = 0;
  std::string call_id;
};

} // namespace

int
main(int argc, char** argv)
{
  const char* file = nullptr;
  std::size_t window = 64;
  int timeout_ms = 5000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view opt(argv[i]);
    if (opt == "--targets") {
      file = argv[i + 1];
    } else if (opt == "--parallel") {
      window = static_cast<std::size_t>(std::atoi(argv[i + 1]));
    } else if (opt == "--timeout-ms") {
      timeout_ms = std::atoi(argv[i + 1]);
    }
  }
  if (file == nullptr || window == 0) {
    std::fprintf(stderr, "usage: bench_udp_prober --targets FILE [--parallel N] [--timeout-ms MS]\n");
    return 64;
  }
  const auto targets = read_targets(file);
  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::milliseconds(timeout_ms);
  std::mt19937_64 rng(std::random_device{}());
  std::vector<Slot> slots(window);
  std::vector<pollfd> fds(window);
  std::vector<char> buffer(65536); // one buffer, never cleared: recv writes what it reads
  std::size_t next = 0;
  std::size_t ok = 0;
  std::size_t active = 0;

  const auto start = [&](Slot& s) {
    // Bounded by the targets: a failed socket skips to the next one.
    while (next < targets.size()) {
      const Target& t = targets[next++];
      s.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (s.fd < 0) {
        continue;
      }
      if (connect(s.fd, reinterpret_cast<const sockaddr*>(&t.addr), sizeof t.addr) != 0) {
        close(s.fd);
        s.fd = -1;
        continue;
      }
      sockaddr_in local{};
      socklen_t len = sizeof local;
      getsockname(s.fd, reinterpret_cast<sockaddr*>(&local), &len);
      s.call_id = token(rng);
      const std::string request = options_request(t, "sip", "UDP", local, s.call_id, rng);
      if (send(s.fd, request.data(), request.size(), 0) < 0) {
        close(s.fd);
        s.fd = -1;
        continue;
      }
      ++active;
      return;
    }
  };
  for (auto& s : slots) {
    start(s);
  }
  // Bounded by the deadline.
  while (active > 0 && Clock::now() < deadline) {
    for (std::size_t i = 0; i < window; ++i) {
      fds[i] = {slots[i].fd, POLLIN, 0};
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (poll(fds.data(), fds.size(), static_cast<int>(std::max<long>(left, 0))) < 0 && errno != EINTR) {
      break;
    }
    for (std::size_t i = 0; i < window; ++i) {
      Slot& s = slots[i];
      if (s.fd < 0 || fds[i].revents == 0) {
        continue;
      }
      const ssize_t n = recv(s.fd, buffer.data(), buffer.size(), 0);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        continue;
      }
      if (n > 0 && answers(std::string_view(buffer.data(), static_cast<std::size_t>(n)), s.call_id)) {
        ++ok;
      }
      close(s.fd);
      s.fd = -1;
      --active;
      start(s);
    }
  }
  for (auto& s : slots) {
    if (s.fd >= 0) {
      close(s.fd);
    }
  }
  std::printf("probes=%zu ok=%zu ms=%.1f\n", targets.size(), ok, ms_since(t0));
  return ok == targets.size() ? 0 : 1;
}
