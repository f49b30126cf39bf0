#include "core/net/sockets.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <optional>

namespace sipsurv::net {
namespace {

struct SockAddr {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_INET;
};

std::optional<SockAddr>
make_sockaddr(const Endpoint& e)
{
  SockAddr a;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
  if (inet_pton(AF_INET, e.address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(e.port);
    a.length = sizeof(sockaddr_in);
    a.family = AF_INET;
    return a;
  }
  a.storage = {};
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
  if (inet_pton(AF_INET6, e.address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(e.port);
    a.length = sizeof(sockaddr_in6);
    a.family = AF_INET6;
    return a;
  }
  return std::nullopt;
}

IoResult
io_result(ssize_t n)
{
  if (n < 0) {
    const int e = errno;
    return IoResult{0, e == EWOULDBLOCK ? EAGAIN : e};
  }
  return IoResult{static_cast<std::size_t>(n), 0};
}

} // namespace

int
PosixSockets::open(const Endpoint& remote, SocketType type, int& error)
{
  const auto addr = make_sockaddr(remote);
  if (!addr) {
    error = EAFNOSUPPORT;
    return -1;
  }
  const int kind = type == SocketType::datagram ? SOCK_DGRAM : SOCK_STREAM;
  const int fd = ::socket(addr->family, kind | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  error = fd < 0 ? errno : 0;
  return fd;
}

int
PosixSockets::connect(int fd, const Endpoint& remote)
{
  const auto addr = make_sockaddr(remote);
  if (!addr) {
    return EAFNOSUPPORT;
  }
  return ::connect(fd, reinterpret_cast<const sockaddr*>(&addr->storage), addr->length) == 0 ? 0 : errno;
}

int
PosixSockets::connect_error(int fd)
{
  int err = 0;
  socklen_t len = sizeof(err);
  return getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 ? errno : err;
}

int
PosixSockets::set_no_delay(int fd)
{
  const int on = 1;
  return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == 0 ? 0 : errno;
}

IoResult
PosixSockets::send(int fd, std::string_view bytes)
{
  return io_result(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL));
}

IoResult
PosixSockets::receive(int fd, std::span<char> buffer)
{
  return io_result(::recv(fd, buffer.data(), buffer.size(), 0));
}

IoResult
PosixSockets::receive_datagram(int fd, std::span<char> buffer)
{
  return io_result(::recv(fd, buffer.data(), buffer.size(), MSG_TRUNC));
}

Endpoint
PosixSockets::local_endpoint(int fd)
{
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
    return {"0.0.0.0", 0};
  }
  std::array<char, INET6_ADDRSTRLEN> buf{};
  if (ss.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &v6->sin6_addr, buf.data(), buf.size());
    return {buf.data(), ntohs(v6->sin6_port)};
  }
  const auto* v4 = reinterpret_cast<const sockaddr_in*>(&ss);
  inet_ntop(AF_INET, &v4->sin_addr, buf.data(), buf.size());
  return {buf.data(), ntohs(v4->sin_port)};
}

void
PosixSockets::close(int fd)
{
  ::close(fd);
}

} // namespace sipsurv::net
