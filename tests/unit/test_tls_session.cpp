// The TLS adapter's summary of a handshake that never completed: no
// protocol version or cipher is claimed. The peer is the other end of a
// socketpair that answers the ClientHello with plain text (no network).
#include "core/tls/tls_client.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string_view>

using namespace sipsurv;

namespace {

struct SocketPair {
  int fds[2] = {-1, -1};
  SocketPair() { EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0); }
  ~SocketPair()
  {
    for (const int fd : fds) {
      if (fd >= 0) {
        close(fd);
      }
    }
  }
  SocketPair(const SocketPair&) = delete;
  SocketPair& operator=(const SocketPair&) = delete;
};

// Drive the client handshake to its end: bounded in steps and in time.
tls::TlsStep
handshake(tls::TlsSession& s, int fd)
{
  tls::TlsStep step = s.handshake();
  for (int k = 0; k < 20 && (step == tls::TlsStep::want_read || step == tls::TlsStep::want_write); ++k) {
    pollfd p{fd, static_cast<short>(step == tls::TlsStep::want_read ? POLLIN : POLLOUT), 0};
    if (poll(&p, 1, 1000) <= 0) {
      break;
    }
    step = s.handshake();
  }
  return step;
}

} // namespace

TEST(TlsSession, AFailedHandshakeShowsNoProtocolVersion)
{
  auto ctx = tls::TlsContext::create(tls::TlsConfig{});
  ASSERT_TRUE(ctx) << ctx.error().message;
  SocketPair pair;
  // A SIP server without TLS on the port: the ClientHello gets plain text.
  constexpr std::string_view plain = "SIP/2.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  ASSERT_EQ(write(pair.fds[1], plain.data(), plain.size()), static_cast<ssize_t>(plain.size()));
  auto session = tls::TlsSession::create(**ctx, pair.fds[0], "sip.example.test");
  ASSERT_TRUE(session) << session.error().message;
  const tls::TlsStep step = handshake(**session, pair.fds[0]);
  EXPECT_TRUE(step == tls::TlsStep::failed || step == tls::TlsStep::closed) << static_cast<int>(step);
  EXPECT_FALSE((*session)->error().empty());
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const tls::TlsSummary s = (*session)->summary("example.test", "sip.example.test", now);
  EXPECT_EQ(s.protocol, "") << "no version was negotiated";
  EXPECT_EQ(s.cipher, "");
  EXPECT_EQ(s.sni, "sip.example.test") << "what was sent is still shown";
  EXPECT_TRUE(s.chain.empty());
  EXPECT_FALSE(s.verified);
}
