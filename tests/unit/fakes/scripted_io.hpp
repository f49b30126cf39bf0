#pragma once

// Scripted I/O for the prober's unit tests (as dnsdist scripts its socket
// tests): one object is the clock, the reactor and the sockets. Time is
// virtual and jumps to the next scripted event, so a 5 s deadline costs no
// wall time. Peers are scripted per endpoint: how a connect ends, and what
// each request gets back and when. Everything the prober did is recorded.
//
//   test::ScriptedIo io;
//   io.peer({"192.0.2.1", 5060}, net::SocketType::datagram).replies = [](const std::string& req) {
//     return test::Replies{{10ms, test::sip_answer(req, "200 OK")}};
//   };
//   auto results = probe::run_probes_with(specs, options, io.ports());
#include "core/dns/host_lookup.hpp"
#include "core/net/clock.hpp"
#include "core/net/event_loop.hpp"
#include "core/net/sockets.hpp"
#include "core/net/timer_queue.hpp"
#include "core/probe/probe_run.hpp"
#include "core/probe/tls_channel.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sipsurv::test {

using namespace std::chrono_literals;

// What a peer sends back `after` a request: bytes, or an error on the
// socket (ECONNREFUSED for ICMP unreachable, ECONNRESET), or the end of the
// stream.
struct ScriptedReply {
  std::chrono::milliseconds after{0};
  std::string bytes;
  int error = 0;
  bool close = false;
};
using Replies = std::vector<ScriptedReply>;

// The headers of a request by lower-case name (the first of each).
inline std::map<std::string, std::string>
request_headers(const std::string& request)
{
  std::map<std::string, std::string> out;
  std::size_t pos = request.find("\r\n");
  while (pos != std::string::npos) {
    const std::size_t start = pos + 2;
    const std::size_t end = request.find("\r\n", start);
    if (end == std::string::npos || end == start) {
      break;
    }
    const std::string line = request.substr(start, end - start);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      const auto v = line.find_first_not_of(' ', colon + 1);
      out.emplace(name, v == std::string::npos ? std::string() : line.substr(v));
    }
    pos = end;
  }
  return out;
}

// A response to `request` as a well-behaved server sends it: its Via,
// From, Call-ID and CSeq copied, a To tag added, then `extra` header lines.
inline std::string
sip_answer(const std::string& request, const std::string& status, const std::string& extra = {})
{
  auto h = request_headers(request);
  return "SIP/2.0 " + status + "\r\nVia: " + h["via"] + "\r\nFrom: " + h["from"] + "\r\nTo: " + h["to"] +
    ";tag=peer\r\nCall-ID: " + h["call-id"] + "\r\nCSeq: " + h["cseq"] + "\r\n" + extra + "Content-Length: 0\r\n\r\n";
}

class ScriptedIo final
    : public net::Clock
    , public net::Reactor
    , public net::Sockets
{
public:
  struct Peer {
    // Streams: how connect ends after `connect_after` (0 = connected, or an
    // errno); none = it never ends (a black hole).
    std::optional<int> connect_result = 0;
    std::chrono::milliseconds connect_after{1};
    // Every request gets these; none = silence.
    std::function<Replies(const std::string& request)> replies;
  };

  struct Sent {
    net::TimePoint at;
    net::Endpoint to;
    net::SocketType type;
    std::string bytes;
  };

  explicit ScriptedIo(net::TimePoint start = net::TimePoint{} + std::chrono::hours(1)) : m_now(start) {}

  Peer& peer(const net::Endpoint& at, net::SocketType type) { return m_peers[{at.address, at.port, type}]; }

  probe::ProbePorts ports(probe::TlsConnector* tls = nullptr, dns::HostLookup* names = nullptr)
  {
    return probe::ProbePorts{*this, *this, *this, tls, names};
  }

  // What the prober did.
  std::vector<Sent> sent;
  std::vector<std::pair<net::TimePoint, net::Endpoint>> opened; // every socket, when and to where
  std::vector<int> no_delay;                                    // sockets given TCP_NODELAY
  std::size_t stream_sends_before_no_delay = 0;                 // writes Nagle could have held back
  int no_delay_error = 0;                                       // what set_no_delay returns (0 = it works)
  std::size_t open_now() const
  {
    return static_cast<std::size_t>(
      std::count_if(m_sockets.begin(), m_sockets.end(), [](const auto& s) { return !s.second.closed; }));
  }
  std::size_t max_open = 0;
  net::TimePoint started() const { return m_start; }
  bool is_no_delay(int fd) const { return std::find(no_delay.begin(), no_delay.end(), fd) != no_delay.end(); }
  std::size_t stream_sockets() const
  {
    return static_cast<std::size_t>(std::count_if(
      m_sockets.begin(), m_sockets.end(), [](const auto& s) { return s.second.type == net::SocketType::stream; }));
  }
  const std::vector<int> stream_fds() const
  {
    std::vector<int> out;
    for (const auto& [fd, s] : m_sockets) {
      if (s.type == net::SocketType::stream) {
        out.push_back(fd);
      }
    }
    return out;
  }

  // --- net::Clock
  net::TimePoint now() const override { return m_now; }

  // --- net::Reactor
  void watch(int fd, short events, IoHandler handler) override
  {
    m_watches[fd] = Watch{events, m_generation++, std::move(handler)};
  }
  void unwatch(int fd) override { m_watches.erase(fd); }
  TimerId add_timer(net::TimePoint at, std::function<void()> fn) override { return m_timers.add(at, std::move(fn)); }
  void cancel_timer(const TimerId& id) override { m_timers.cancel(id); }
  bool run_once(net::TimePoint limit) override
  {
    if (m_watches.empty() && m_timers.empty()) {
      return false;
    }
    // A watch that stays ready without progress would spin at one instant
    // for ever; after many rounds, time moves on anyway (bounded tests).
    const bool spinning = ++m_rounds_at_this_instant > 10000;
    if (!any_ready() || spinning) {
      // Jump to the next scripted event or timer, never past `limit`.
      net::TimePoint next = limit;
      if (!m_events.empty()) {
        next = std::min(next, m_events.begin()->first);
      }
      if (const auto due = m_timers.next_due()) {
        next = std::min(next, *due);
      }
      if (spinning) {
        next = limit;
      }
      if (next > m_now) {
        m_now = next;
        m_rounds_at_this_instant = 0;
      }
      deliver_due();
    }
    dispatch_ready();
    m_timers.fire_due(m_now);
    return true;
  }

  // --- net::Sockets
  int open(const net::Endpoint& remote, net::SocketType type, int& error) override
  {
    if (remote.address.find_first_not_of("0123456789.:abcdefABCDEF") != std::string::npos || remote.address.empty()) {
      error = EAFNOSUPPORT;
      return -1;
    }
    if (m_start == net::TimePoint{}) {
      m_start = m_now;
    }
    const int fd = m_next_fd++;
    Socket& s = m_sockets[fd];
    s.remote = remote;
    s.type = type;
    s.local = {remote.address.find(':') != std::string::npos ? "::1" : "127.0.0.1",
               static_cast<std::uint16_t>(40000 + fd)};
    opened.emplace_back(m_now, remote);
    max_open = std::max(max_open, open_now());
    error = 0;
    return fd;
  }
  int connect(int fd, const net::Endpoint& remote) override
  {
    Socket& s = m_sockets.at(fd);
    if (s.type == net::SocketType::datagram) {
      s.connected = true;
      return 0;
    }
    const Peer* p = find_peer(remote, s.type);
    const std::optional<int> result = p == nullptr ? std::optional<int>() : p->connect_result;
    if (result) {
      const auto after = p->connect_after;
      at(m_now + after, [this, fd, r = *result] {
        Socket& t = m_sockets.at(fd);
        t.connect_done = true;
        t.connect_error = r;
        t.connected = r == 0;
      });
    }
    return EINPROGRESS;
  }
  int connect_error(int fd) override
  {
    Socket& s = m_sockets.at(fd);
    return std::exchange(s.connect_error, 0);
  }
  int set_no_delay(int fd) override
  {
    if (no_delay_error != 0) {
      return no_delay_error;
    }
    no_delay.push_back(fd);
    return 0;
  }
  net::IoResult send(int fd, std::string_view bytes) override
  {
    Socket& s = m_sockets.at(fd);
    if (s.error != 0) {
      return {0, std::exchange(s.error, 0)};
    }
    sent.push_back(Sent{m_now, s.remote, s.type, std::string(bytes)});
    if (s.type == net::SocketType::stream && !is_no_delay(fd)) {
      ++stream_sends_before_no_delay;
    }
    std::vector<std::string> requests;
    if (s.type == net::SocketType::datagram) {
      requests.emplace_back(bytes);
    } else {
      s.request_in += bytes;
      // Bounded by the buffered bytes: each pass removes one request.
      for (auto end = s.request_in.find("\r\n\r\n"); end != std::string::npos; end = s.request_in.find("\r\n\r\n")) {
        requests.push_back(s.request_in.substr(0, end + 4));
        s.request_in.erase(0, end + 4);
      }
    }
    const Peer* p = find_peer(s.remote, s.type);
    for (const auto& req : requests) {
      if (p == nullptr || !p->replies) {
        continue;
      }
      for (const auto& r : p->replies(req)) {
        at(m_now + r.after, [this, fd, r] { arrive(fd, r); });
      }
    }
    return {bytes.size(), 0};
  }
  net::IoResult receive(int fd, std::span<char> buffer) override
  {
    Socket& s = m_sockets.at(fd);
    if (!s.stream_in.empty()) {
      const std::size_t n = std::min(buffer.size(), s.stream_in.size());
      std::memcpy(buffer.data(), s.stream_in.data(), n);
      s.stream_in.erase(0, n);
      return {n, 0};
    }
    if (s.error != 0) {
      return {0, std::exchange(s.error, 0)};
    }
    return s.eof ? net::IoResult{0, 0} : net::IoResult{0, EAGAIN};
  }
  net::IoResult receive_datagram(int fd, std::span<char> buffer) override
  {
    Socket& s = m_sockets.at(fd);
    if (!s.datagrams.empty()) {
      const std::string d = std::move(s.datagrams.front());
      s.datagrams.pop_front();
      std::memcpy(buffer.data(), d.data(), std::min(buffer.size(), d.size()));
      return {d.size(), 0};
    }
    if (s.error != 0) {
      return {0, std::exchange(s.error, 0)};
    }
    return {0, EAGAIN};
  }
  net::Endpoint local_endpoint(int fd) override { return m_sockets.at(fd).local; }
  void close(int fd) override { m_sockets.at(fd).closed = true; }

  // Run `fn` at virtual time `when` (a scripted event).
  void at(net::TimePoint when, std::function<void()> fn) { m_events.emplace(when, std::move(fn)); }

private:
  struct Socket {
    net::Endpoint remote;
    net::Endpoint local;
    net::SocketType type = net::SocketType::datagram;
    bool connected = false;
    bool connect_done = false;
    int connect_error = 0;
    std::deque<std::string> datagrams;
    std::string stream_in;
    std::string request_in;
    bool eof = false;
    int error = 0;
    bool closed = false;
  };
  struct Watch {
    short events = 0;
    std::uint64_t generation = 0;
    IoHandler handler;
  };

  const Peer* find_peer(const net::Endpoint& e, net::SocketType type) const
  {
    const auto it = m_peers.find({e.address, e.port, type});
    return it == m_peers.end() ? nullptr : &it->second;
  }

  void arrive(int fd, const ScriptedReply& r)
  {
    Socket& s = m_sockets.at(fd);
    if (s.closed) {
      return;
    }
    if (r.error != 0) {
      s.error = r.error;
    }
    if (!r.bytes.empty()) {
      if (s.type == net::SocketType::datagram) {
        s.datagrams.push_back(r.bytes);
      } else {
        s.stream_in += r.bytes;
      }
    }
    s.eof = s.eof || r.close;
  }

  short ready_events(int fd, short wanted) const
  {
    const auto it = m_sockets.find(fd);
    if (it == m_sockets.end() || it->second.closed) {
      return 0;
    }
    const Socket& s = it->second;
    short r = 0;
    if ((wanted & POLLIN) != 0 && (!s.datagrams.empty() || !s.stream_in.empty() || s.eof || s.error != 0)) {
      r = static_cast<short>(r | POLLIN);
    }
    const bool writable = s.type == net::SocketType::datagram || s.connect_done;
    if ((wanted & POLLOUT) != 0 && writable) {
      r = static_cast<short>(r | POLLOUT);
    }
    return r;
  }

  bool any_ready() const
  {
    return std::any_of(m_watches.begin(), m_watches.end(),
                       [this](const auto& w) { return ready_events(w.first, w.second.events) != 0; });
  }

  void deliver_due()
  {
    // Bounded: events added while delivering are due later (after > 0) or
    // run in the next round.
    std::size_t budget = m_events.size();
    while (!m_events.empty() && m_events.begin()->first <= m_now && budget-- > 0) {
      auto node = m_events.extract(m_events.begin());
      node.mapped()();
    }
  }

  void dispatch_ready()
  {
    std::vector<std::pair<int, std::uint64_t>> polled;
    for (const auto& [fd, w] : m_watches) {
      polled.emplace_back(fd, w.generation);
    }
    for (const auto& [fd, generation] : polled) {
      const auto it = m_watches.find(fd);
      if (it == m_watches.end() || it->second.generation != generation) {
        continue;
      }
      const short revents = ready_events(fd, it->second.events);
      if (revents != 0) {
        IoHandler handler = it->second.handler;
        handler(revents);
      }
    }
  }

  net::TimePoint m_now;
  net::TimePoint m_start{};
  std::map<std::tuple<std::string, std::uint16_t, net::SocketType>, Peer> m_peers;
  std::map<int, Socket> m_sockets;
  std::map<int, Watch> m_watches;
  net::TimerQueue m_timers;
  std::multimap<net::TimePoint, std::function<void()>> m_events;
  std::uint64_t m_generation = 1;
  int m_next_fd = 3;
  int m_rounds_at_this_instant = 0;
};

// Name lookups answered from a table after a delay, inside the scripted
// reactor; a name not in the table never gets an answer.
class ScriptedNames final : public dns::HostLookup
{
public:
  explicit ScriptedNames(ScriptedIo& io) : m_io(io) {}

  void answer(const std::string& host, std::chrono::milliseconds after, std::vector<dns::AddressRecord> addresses)
  {
    m_table[host] = {after, std::move(addresses)};
  }

  // Unknown names get no answer: at the deadline, a lookup without answers.
  void lookup(const std::string& host, net::TimePoint deadline, Done done) override
  {
    asked.push_back(host);
    dns::HostAddresses h;
    h.host = host;
    const auto it = m_table.find(host);
    if (it == m_table.end()) {
      h.a = h.aaaa = dns::LookupInfo{dns::LookupStatus::no_answer, "no answer", {}, {}};
      m_io.at(deadline, [h, done] { done(h); });
      return;
    }
    const auto& [after, addresses] = it->second;
    h.addresses = addresses;
    const bool v4 = std::any_of(addresses.begin(), addresses.end(), [](const auto& a) { return !a.ipv6; });
    const bool v6 = std::any_of(addresses.begin(), addresses.end(), [](const auto& a) { return a.ipv6; });
    h.a.status = v4 ? dns::LookupStatus::found : dns::LookupStatus::nodata;
    h.aaaa.status = v6 ? dns::LookupStatus::found : dns::LookupStatus::nodata;
    m_io.at(std::min(deadline, m_io.now() + after), [h, done] { done(h); });
  }

  std::vector<std::string> asked;

private:
  ScriptedIo& m_io;
  std::map<std::string, std::pair<std::chrono::milliseconds, std::vector<dns::AddressRecord>>> m_table;
};

// A TLS connector whose channels pass bytes through the scripted socket in
// the clear: the handshake takes `handshake_steps` reads (or fails), the
// summary is what the test sets.
class ScriptedTls final : public probe::TlsConnector
{
public:
  explicit ScriptedTls(ScriptedIo& io) : m_io(io) {}

  bool handshake_fails = false;
  tls::TlsSummary summary;
  std::vector<std::string> snis;

  Result<std::unique_ptr<probe::TlsChannel>> start(int fd, const std::string& sni) override
  {
    snis.push_back(sni);
    return std::unique_ptr<probe::TlsChannel>(std::make_unique<Channel>(*this, fd));
  }

private:
  class Channel final : public probe::TlsChannel
  {
  public:
    Channel(ScriptedTls& owner, int fd) : m_owner(owner), m_fd(fd) {}
    tls::TlsStep handshake() override
    {
      if (m_owner.handshake_fails) {
        m_error = "TLS handshake failed: scripted";
        return tls::TlsStep::failed;
      }
      return tls::TlsStep::done;
    }
    tls::TlsStep write(std::string_view data, std::size_t& moved) override
    {
      const auto r = m_owner.m_io.send(m_fd, data);
      moved = r.bytes;
      return r.error == 0 ? tls::TlsStep::done : r.error == EAGAIN ? tls::TlsStep::want_write : tls::TlsStep::failed;
    }
    tls::TlsStep read(std::span<char> buffer, std::size_t& moved) override
    {
      const auto r = m_owner.m_io.receive(m_fd, buffer);
      moved = r.bytes;
      if (r.error == EAGAIN) {
        return tls::TlsStep::want_read;
      }
      if (r.error != 0) {
        m_error = std::strerror(r.error);
        return tls::TlsStep::failed;
      }
      return r.bytes == 0 ? tls::TlsStep::closed : tls::TlsStep::done;
    }
    const std::string& error() const override { return m_error; }
    tls::TlsSummary summary(std::string_view domain, std::string_view target,
                            std::chrono::sys_seconds /*now*/) const override
    {
      tls::TlsSummary s = m_owner.summary;
      s.domain = std::string(domain);
      s.target = std::string(target);
      return s;
    }

  private:
    ScriptedTls& m_owner;
    int m_fd;
    std::string m_error;
  };

  ScriptedIo& m_io;
};

} // namespace sipsurv::test
