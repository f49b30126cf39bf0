#pragma once

// Shared by the floor programs of bench/ (see bench/README.md): target files,
// the clock and one OPTIONS request. Deliberately independent of sipsurv's
// code, so that a floor measures the libraries and the kernel, not sipsurv.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace floor_bench {

using Clock = std::chrono::steady_clock;

inline double
ms_since(Clock::time_point t0)
{
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// One line of a sipsurv targets file, "sip:IP:PORT;transport=udp" or
// "sips:IP:PORT": only IPv4 literals with a port (what bench/run.sh writes).
struct Target {
  sockaddr_in addr{};
  std::string host;
  std::uint16_t port = 0;
};

inline std::vector<Target>
read_targets(const char* path)
{
  std::vector<Target> out;
  std::ifstream in(path);
  std::string line;
  // Bounded by the file: bench/run.sh writes at most a few thousand lines.
  while (out.size() < 100000 && std::getline(in, line)) {
    std::string_view s(line);
    if (const auto colon = s.find(':'); colon != std::string_view::npos) {
      s.remove_prefix(colon + 1);
    }
    if (const auto semi = s.find(';'); semi != std::string_view::npos) {
      s = s.substr(0, semi);
    }
    const auto colon = s.rfind(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    Target t;
    t.host = std::string(s.substr(0, colon));
    t.port = static_cast<std::uint16_t>(std::atoi(std::string(s.substr(colon + 1)).c_str()));
    t.addr.sin_family = AF_INET;
    t.addr.sin_port = htons(t.port);
    if (inet_pton(AF_INET, t.host.c_str(), &t.addr.sin_addr) == 1) {
      out.push_back(t);
    }
  }
  return out;
}

// 24 hex digits, as sipsurv's tokens.
inline std::string
token(std::mt19937_64& rng)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx%08llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng() & 0xffffffffULL));
  return buf;
}

// The OPTIONS request a prober must send: our sent-by in the Via, a fresh
// branch, tag and Call-ID (the same headers as sipsurv's request).
inline std::string
options_request(const Target& t, const char* scheme, const char* via_transport, const sockaddr_in& local,
                const std::string& call_id, std::mt19937_64& rng)
{
  char local_ip[INET_ADDRSTRLEN] = "0.0.0.0";
  inet_ntop(AF_INET, &local.sin_addr, local_ip, sizeof local_ip);
  const std::string branch = "z9hG4bK" + token(rng);
  const std::string tag = token(rng).substr(0, 10);
  char buf[1024];
  const int n = std::snprintf(buf, sizeof buf,
                              "OPTIONS %s:%s:%u SIP/2.0\r\n"
                              "Via: SIP/2.0/%s %s:%u;branch=%s;rport\r\n"
                              "Max-Forwards: 70\r\n"
                              "From: <sip:bench@invalid>;tag=%s\r\n"
                              "To: <%s:%s:%u>\r\n"
                              "Call-ID: %s\r\n"
                              "CSeq: 1 OPTIONS\r\n"
                              "User-Agent: floor\r\n"
                              "Accept: application/sdp\r\n"
                              "Content-Length: 0\r\n\r\n",
                              scheme, t.host.c_str(), t.port, via_transport, local_ip, ntohs(local.sin_port),
                              branch.c_str(), tag.c_str(), scheme, t.host.c_str(), t.port, call_id.c_str());
  return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

// A final 2xx answer to the request with this Call-ID.
inline bool
answers(std::string_view response, std::string_view call_id)
{
  return response.starts_with("SIP/2.0 2") && response.find(call_id) != std::string_view::npos;
}

} // namespace floor_bench
