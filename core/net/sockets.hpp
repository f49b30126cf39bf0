#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sipsurv::net {

// An IP literal and a port: where a socket is connected, or bound.
struct Endpoint {
  std::string address; // "192.0.2.1", "2001:db8::1" (no brackets)
  std::uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};

enum class SocketType { datagram, stream };

// What one send or receive did: bytes moved, or an errno (EAGAIN when it
// would block). A receive of 0 bytes without an error on a stream is its end.
struct IoResult {
  std::size_t bytes = 0;
  int error = 0;
};

// The socket port of the prober: non-blocking sockets by number, errors as
// errno values. The real adapter is PosixSockets; tests script one
// (tests/unit/fakes/scripted_io.hpp), as dnsdist scripts its socket tests.
class Sockets
{
public:
  virtual ~Sockets() = default;

  // A non-blocking, close-on-exec socket for `remote`'s address family; -1
  // with the errno in `error` (EAFNOSUPPORT when `remote` is no IP literal).
  virtual int open(const Endpoint& remote, SocketType type, int& error) = 0;
  // Start connecting: 0 when connected, EINPROGRESS, or another errno. A
  // datagram socket is connected at once, and then receives ICMP port
  // unreachable as ECONNREFUSED.
  virtual int connect(int fd, const Endpoint& remote) = 0;
  // How a connect that was in progress ended (SO_ERROR): 0 or an errno.
  virtual int connect_error(int fd) = 0;
  // TCP_NODELAY: a request goes out at once instead of waiting for the
  // peer's (delayed) ACK of the previous segment. 0 or an errno.
  virtual int set_no_delay(int fd) = 0;
  virtual IoResult send(int fd, std::string_view bytes) = 0;
  // A stream's next bytes.
  virtual IoResult receive(int fd, std::span<char> buffer) = 0;
  // One datagram; `bytes` is its full size even when it did not fit.
  virtual IoResult receive_datagram(int fd, std::span<char> buffer) = 0;
  // Our address and port as the peer sees this socket (for the Via).
  virtual Endpoint local_endpoint(int fd) = 0;
  virtual void close(int fd) = 0;
};

// The real sockets: socket(2), connect(2), send(2), recv(2) and friends.
class PosixSockets final : public Sockets
{
public:
  int open(const Endpoint& remote, SocketType type, int& error) override;
  int connect(int fd, const Endpoint& remote) override;
  int connect_error(int fd) override;
  int set_no_delay(int fd) override;
  IoResult send(int fd, std::string_view bytes) override;
  IoResult receive(int fd, std::span<char> buffer) override;
  IoResult receive_datagram(int fd, std::span<char> buffer) override;
  Endpoint local_endpoint(int fd) override;
  void close(int fd) override;
};

} // namespace sipsurv::net
