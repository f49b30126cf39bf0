#include "core/probe/prober.hpp"

#include "core/dns/async_resolver.hpp"
#include "core/net/event_loop.hpp"
#include "core/probe/udp_timers.hpp"
#include "core/sip/options_request.hpp"
#include "core/sip/sip_uri.hpp"
#include "core/sip/stream_framer.hpp"
#include "core/util/ip_literal.hpp"
#include "core/util/limits.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <memory>

namespace sipsurv::probe {
namespace {

using Clock = std::chrono::steady_clock;
using Ms = std::chrono::duration<double, std::milli>;

constexpr std::size_t k_read_chunk = 16384;
constexpr int k_max_reads_per_event = 16;

double
ms_between(Clock::time_point a, Clock::time_point b)
{
  return Ms(b - a).count();
}

// A socket address from an IP literal and a port.
struct SockAddr {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_INET;
};

std::optional<SockAddr>
make_sockaddr(const std::string& ip, std::uint16_t port)
{
  SockAddr a;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
  if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    a.length = sizeof(sockaddr_in);
    a.family = AF_INET;
    return a;
  }
  a.storage = {};
  if (inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    a.length = sizeof(sockaddr_in6);
    a.family = AF_INET6;
    return a;
  }
  return std::nullopt;
}

// Our address and port as the peer sees this socket, for the Via.
std::pair<std::string, std::uint16_t>
local_endpoint(int fd)
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

std::string
errno_text(int e)
{
  return std::strerror(e);
}

ProbeState
state_for_status(int status)
{
  if (status >= 200 && status < 300) {
    return ProbeState::ok;
  }
  return status == 503 ? ProbeState::unavailable : ProbeState::sip_error;
}

class Run;

// One probe's state machine: [dns] → connect → [tls] → send → wait → done.
class Session
{
public:
  Session(Run& run, ProbeResult& result) : m_run(run), m_result(result) {}
  ~Session() { close_socket(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();
  void expire();
  bool finished() const { return m_finished; }

private:
  void resolved(Result<std::vector<dns::AddressRecord>> addresses, std::chrono::microseconds elapsed);
  void connect_now();
  void on_connect(short revents);
  void start_tls();
  void on_tls(short revents);
  void prepare_request();
  void send_stream();
  void on_stream(short revents);
  void read_stream();
  void send_udp();
  void on_udp(short revents);
  void handle_message(std::string_view bytes, bool datagram);
  void tls_io_failed(tls::TlsStep step);
  void cancel_retransmits();
  void proceeding();
  void finish(ProbeState state, std::string error);
  void close_socket();
  void watch(short events, void (Session::*handler)(short));

  Run& m_run;
  ProbeResult& m_result;
  int m_fd = -1;
  bool m_finished = false;
  std::unique_ptr<tls::TlsSession> m_tls;
  sip::StreamFramer m_framer;
  std::string m_request;
  std::size_t m_written = 0;
  std::string m_call_id;
  Clock::time_point m_started;
  Clock::time_point m_phase_started;
  Clock::time_point m_sent;
  std::vector<net::EventLoop::TimerId> m_timers;      // Timer F / give-up
  std::vector<net::EventLoop::TimerId> m_retransmits; // pending Timer E firings
  Clock::time_point m_give_up;
};

class Run
{
public:
  Run(const ProbeOptions& options, std::vector<ProbeResult>& results) : m_options(options), m_results(results) {}

  Result<void> init(bool need_tls, bool need_dns)
  {
    if (need_tls) {
      auto ctx = tls::TlsContext::create(m_options.tls);
      if (!ctx) {
        return std::unexpected(ctx.error());
      }
      m_tls = std::move(*ctx);
    }
    if (need_dns) {
      auto resolver = dns::AsyncResolver::create(m_loop, m_options.dns);
      if (!resolver) {
        return std::unexpected(resolver.error());
      }
      m_resolver = std::move(*resolver);
    }
    return {};
  }

  void run()
  {
    m_slot_limit = slot_limit();
    m_started = Clock::now();
    m_deadline = m_started + m_options.timeout;
    m_sessions.resize(m_results.size());
    for (std::size_t i = 0; i < m_results.size(); ++i) {
      m_queue.push_back(i);
    }
    fill_slots();
    // Bounded by the deadline: run_once never waits past it.
    while (m_active > 0 && Clock::now() < m_deadline) {
      if (!m_loop.run_once(m_deadline)) {
        break;
      }
      fill_slots();
    }
    for (auto& s : m_sessions) {
      if (s && !s->finished()) {
        s->expire();
      }
    }
    for (const std::size_t i : m_queue) {
      auto& r = m_results[i];
      r.state = ProbeState::timeout;
      r.phase = "queued";
      r.error = fmt::format("not started before the {} ms deadline: all {} slots were busy (raise --parallel or "
                            "--timeout)",
                            m_options.timeout.count(), m_options.parallel);
    }
    m_queue.clear();
    m_sessions.clear(); // closes sockets, frees TLS sessions
    m_resolver.reset();
  }

  void finished_one() { --m_active; }

  net::EventLoop& loop() { return m_loop; }
  const ProbeOptions& options() const { return m_options; }
  tls::TlsContext* tls() { return m_tls.get(); }
  dns::AsyncResolver* resolver() { return m_resolver.get(); }
  Clock::time_point deadline() const { return m_deadline; }

private:
  // Probes in flight: --parallel, but never more than the free file
  // descriptors allow (each probe holds one socket; keep some for c-ares,
  // stdio and the key log), so a low RLIMIT_NOFILE slows the run down
  // instead of failing probes with EMFILE.
  std::size_t slot_limit() const
  {
    std::size_t limit = std::max<std::size_t>(1, m_options.parallel);
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY) {
      const auto usable = lim.rlim_cur > 48 ? static_cast<std::size_t>(lim.rlim_cur - 48) : 1;
      limit = std::min(limit, usable);
    }
    return limit;
  }

  void fill_slots()
  {
    const std::size_t limit = m_slot_limit;
    // Bounded by the queue; a session that finishes at once frees its slot.
    while (!m_queue.empty() && m_active < limit && Clock::now() < m_deadline) {
      const std::size_t i = m_queue.front();
      m_queue.pop_front();
      m_sessions[i] = std::make_unique<Session>(*this, m_results[i]);
      ++m_active;
      m_sessions[i]->start();
    }
  }

  const ProbeOptions& m_options;
  std::vector<ProbeResult>& m_results;
  net::EventLoop m_loop;
  std::unique_ptr<tls::TlsContext> m_tls;
  std::unique_ptr<dns::AsyncResolver> m_resolver;
  std::vector<std::unique_ptr<Session>> m_sessions;
  std::deque<std::size_t> m_queue;
  std::size_t m_active = 0;
  std::size_t m_slot_limit = 1;
  Clock::time_point m_started;
  Clock::time_point m_deadline;
};

void
Session::watch(short events, void (Session::*handler)(short))
{
  m_run.loop().watch(m_fd, events, [this, handler](short revents) { (this->*handler)(revents); });
}

void
Session::start()
{
  m_started = Clock::now();
  m_phase_started = m_started;
  const ProbeSpec& spec = m_result.spec;
  m_result.address = spec.address;
  if (m_result.address.empty() && is_ip_literal(spec.target)) {
    m_result.address = spec.target;
  }
  if (!m_result.address.empty()) {
    m_result.timings.dns_ms = spec.dns_ms;
    connect_now();
    return;
  }
  m_result.phase = "dns";
  if (m_run.resolver() == nullptr) {
    finish(ProbeState::dns_failed, "no resolver for a target without an address");
    return;
  }
  m_run.resolver()->resolve_addresses(
    spec.target, [this](auto addresses, auto elapsed) { resolved(std::move(addresses), elapsed); });
}

void
Session::resolved(Result<std::vector<dns::AddressRecord>> addresses, std::chrono::microseconds elapsed)
{
  if (m_finished) {
    return;
  }
  m_result.timings.dns_ms = static_cast<double>(elapsed.count()) / 1000.0;
  if (!addresses) {
    finish(ProbeState::dns_failed, addresses.error().message);
    return;
  }
  for (const auto& a : *addresses) {
    m_result.resolved.push_back(a.address);
  }
  m_result.address = m_result.resolved.front(); // A first: what most phones try first
  connect_now();
}

void
Session::connect_now()
{
  const ProbeSpec& spec = m_result.spec;
  m_result.phase = "connect";
  m_phase_started = Clock::now();
  const auto addr = make_sockaddr(m_result.address, spec.port);
  if (!addr) {
    finish(ProbeState::network_error, fmt::format("'{}' is not an IP address", m_result.address));
    return;
  }
  const int type = spec.transport == Transport::udp ? SOCK_DGRAM : SOCK_STREAM;
  m_fd = socket(addr->family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (m_fd < 0) {
    finish(ProbeState::network_error, fmt::format("socket: {}", errno_text(errno)));
    return;
  }
  const int rc = ::connect(m_fd, reinterpret_cast<const sockaddr*>(&addr->storage), addr->length);
  if (rc != 0 && errno != EINPROGRESS) {
    const int e = errno;
    finish(e == ECONNREFUSED ? ProbeState::refused : ProbeState::network_error,
           fmt::format("connect to {}: {}", m_result.address, errno_text(e)));
    return;
  }
  if (spec.transport == Transport::udp) {
    // A connected UDP socket receives ICMP port unreachable as ECONNREFUSED,
    // which tells "nothing listens" apart from silence.
    prepare_request();
    if (m_finished) {
      return;
    }
    watch(POLLIN, &Session::on_udp);
    m_result.phase = "sip";
    m_sent = Clock::now();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_run.deadline() - m_sent);
    const UdpSchedule schedule = udp_schedule(m_run.options().t1, m_run.options().t2, left);
    for (std::size_t k = 1; k < schedule.sends.size(); ++k) {
      m_retransmits.push_back(m_run.loop().add_timer(m_sent + schedule.sends[k], [this] {
        ++m_result.retransmissions;
        send_udp();
      }));
    }
    const auto give_up = schedule.give_up;
    m_give_up = m_sent + give_up;
    m_timers.push_back(m_run.loop().add_timer(m_sent + give_up, [this, give_up] {
      finish(ProbeState::timeout,
             fmt::format("no answer over UDP within {} ms ({} retransmissions; Timer F or the deadline)",
                         give_up.count(), m_result.retransmissions));
    }));
    send_udp();
    return;
  }
  watch(POLLOUT, &Session::on_connect);
}

void
Session::on_connect(short /*revents*/)
{
  int err = 0;
  socklen_t len = sizeof(err);
  if (getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
    err = errno;
  }
  if (err != 0) {
    finish(err == ECONNREFUSED ? ProbeState::refused : ProbeState::network_error,
           fmt::format("connect to {} port {}: {}", m_result.address, m_result.spec.port, errno_text(err)));
    return;
  }
  const auto now = Clock::now();
  m_result.timings.connect_ms = ms_between(m_phase_started, now);
  if (m_result.spec.transport == Transport::tls) {
    start_tls();
    return;
  }
  prepare_request();
  if (!m_finished) {
    send_stream();
  }
}

void
Session::start_tls()
{
  const ProbeSpec& spec = m_result.spec;
  m_result.phase = "tls";
  m_phase_started = Clock::now();
  std::string sni;
  if (spec.sni == SniChoice::domain) {
    sni = spec.sip_domain.empty() ? spec.target : spec.sip_domain;
  } else if (spec.sni == SniChoice::target) {
    sni = spec.target;
  }
  if (is_ip_literal(sni)) {
    sni.clear(); // RFC 6066 §3: no IP literals in SNI
  }
  auto session = tls::TlsSession::create(*m_run.tls(), m_fd, sni);
  if (!session) {
    finish(ProbeState::tls_failed, session.error().message);
    return;
  }
  m_tls = std::move(*session);
  on_tls(0);
}

void
Session::on_tls(short /*revents*/)
{
  const tls::TlsStep step = m_tls->handshake();
  if (step == tls::TlsStep::want_read) {
    watch(POLLIN, &Session::on_tls);
    return;
  }
  if (step == tls::TlsStep::want_write) {
    watch(POLLOUT, &Session::on_tls);
    return;
  }
  const ProbeSpec& spec = m_result.spec;
  const std::string domain = spec.sip_domain.empty() ? spec.target : spec.sip_domain;
  m_result.tls = m_tls->summary(domain, spec.target, m_run.options().now);
  if (step != tls::TlsStep::done) {
    finish(ProbeState::tls_failed,
           m_result.tls->client_cert_missing
             ? fmt::format("{} (the server requires a client certificate: --cert/--key)", m_tls->error())
             : m_tls->error());
    return;
  }
  m_result.timings.tls_ms = ms_between(m_phase_started, Clock::now());
  if (!m_result.tls->verified && !m_run.options().insecure) {
    finish(ProbeState::cert_invalid,
           fmt::format("certificate not verified: {} (--insecure probes anyway)", m_result.tls->verify_error));
    return;
  }
  prepare_request();
  if (!m_finished) {
    send_stream();
  }
}

void
Session::prepare_request()
{
  const ProbeSpec& spec = m_result.spec;
  const auto [local_host, local_port] = local_endpoint(m_fd);
  std::string uri = spec.request_uri;
  if (uri.empty()) {
    if (!spec.sip_domain.empty()) {
      uri = sip::make_request_uri(spec.sip_domain, 0, spec.transport, false);
    } else {
      const bool v6 = spec.target.find(':') != std::string::npos;
      uri = sip::make_request_uri(spec.target, spec.port, spec.transport, v6);
    }
  }
  m_result.request_uri = uri;
  m_call_id = sip::new_token();
  sip::OptionsParams p;
  p.request_uri = uri;
  p.transport = spec.transport;
  p.local_host = local_host;
  p.local_port = local_port;
  p.local_ipv6 = local_host.find(':') != std::string::npos;
  p.max_forwards = spec.max_forwards;
  p.branch = sip::new_branch();
  p.call_id = m_call_id;
  p.from_tag = sip::new_token().substr(0, 10);
  auto request = sip::build_options(p);
  if (!request) {
    finish(ProbeState::network_error, request.error().message);
    return;
  }
  m_request = std::move(*request);
}

void
Session::send_udp()
{
  if (m_finished) {
    return;
  }
  const ssize_t n = ::send(m_fd, m_request.data(), m_request.size(), 0);
  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
    const int e = errno;
    finish(e == ECONNREFUSED ? ProbeState::refused : ProbeState::network_error,
           e == ECONNREFUSED ? fmt::format("ICMP port unreachable from {} port {}: nothing listens on UDP",
                                           m_result.address, m_result.spec.port)
                             : fmt::format("send: {}", errno_text(e)));
  }
}

void
Session::on_udp(short /*revents*/)
{
  // Bounded: a few datagrams per event; each is at most one read.
  for (int k = 0; k < k_max_reads_per_event && !m_finished; ++k) {
    std::string buf(limits::k_max_sip_response + 1, '\0');
    const ssize_t n = ::recv(m_fd, buf.data(), buf.size(), MSG_TRUNC);
    if (n < 0) {
      const int e = errno;
      if (e == EAGAIN || e == EWOULDBLOCK || e == EINTR) {
        return;
      }
      finish(e == ECONNREFUSED ? ProbeState::refused : ProbeState::network_error,
             e == ECONNREFUSED ? fmt::format("ICMP port unreachable from {} port {}: nothing listens on UDP",
                                             m_result.address, m_result.spec.port)
                               : fmt::format("receive: {}", errno_text(e)));
      return;
    }
    if (static_cast<std::size_t>(n) > limits::k_max_sip_response) {
      finish(ProbeState::too_large,
             fmt::format("a datagram of {} bytes is over the limit of {}", n, limits::k_max_sip_response));
      return;
    }
    buf.resize(static_cast<std::size_t>(n));
    handle_message(buf, true);
  }
}

void
Session::send_stream()
{
  if (m_result.phase != "sip") {
    m_result.phase = "sip";
    m_sent = Clock::now();
  }
  // Bounded: each pass writes bytes or waits.
  while (m_written < m_request.size()) {
    const std::string_view rest = std::string_view(m_request).substr(m_written);
    if (m_tls) {
      std::size_t moved = 0;
      const tls::TlsStep step = m_tls->write(rest, moved);
      if (step == tls::TlsStep::done) {
        m_written += moved;
        continue;
      }
      if (step == tls::TlsStep::want_read || step == tls::TlsStep::want_write) {
        watch(step == tls::TlsStep::want_read ? POLLIN : POLLOUT, &Session::on_stream);
        return;
      }
      tls_io_failed(step);
      return;
    }
    const ssize_t n = ::send(m_fd, rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        watch(POLLOUT, &Session::on_stream);
        return;
      }
      const int e = errno;
      finish(e == ECONNREFUSED || e == ECONNRESET ? ProbeState::refused : ProbeState::network_error,
             fmt::format("send: {}", errno_text(e)));
      return;
    }
    m_written += static_cast<std::size_t>(n);
  }
  watch(POLLIN, &Session::on_stream);
}

void
Session::on_stream(short /*revents*/)
{
  if (m_written < m_request.size()) {
    send_stream();
    return;
  }
  read_stream();
}

void
Session::read_stream()
{
  std::array<char, k_read_chunk> buf{};
  // Bounded: the framer fails once a message passes the size limit.
  for (int k = 0; k < k_max_reads_per_event && !m_finished; ++k) {
    std::size_t got = 0;
    if (m_tls) {
      const tls::TlsStep step = m_tls->read(buf, got);
      if (step == tls::TlsStep::want_read || step == tls::TlsStep::want_write) {
        watch(step == tls::TlsStep::want_read ? POLLIN : POLLOUT, &Session::on_stream);
        return;
      }
      if (step != tls::TlsStep::done) {
        tls_io_failed(step);
        return;
      }
    } else {
      const ssize_t n = ::recv(m_fd, buf.data(), buf.size(), 0);
      if (n < 0) {
        const int e = errno;
        if (e == EAGAIN || e == EWOULDBLOCK || e == EINTR) {
          return;
        }
        finish(e == ECONNRESET ? ProbeState::protocol_error : ProbeState::network_error,
               fmt::format("receive: {}", errno_text(e)));
        return;
      }
      if (n == 0) {
        finish(ProbeState::protocol_error,
               m_framer.buffered() > 0 ? "the server closed the connection in the middle of an answer"
                                       : "the server closed the connection without answering");
        return;
      }
      got = static_cast<std::size_t>(n);
    }
    auto fed = m_framer.feed(std::string_view(buf.data(), got));
    if (!fed) {
      finish(fed.error().code == Errc::limit ? ProbeState::too_large : ProbeState::protocol_error, fed.error().message);
      return;
    }
    // Bounded by the buffered bytes: each message removes at least its header.
    while (!m_finished) {
      auto message = m_framer.next();
      if (!message) {
        break;
      }
      handle_message(*message, false);
    }
  }
}

void
Session::cancel_retransmits()
{
  for (const auto& t : m_retransmits) {
    m_run.loop().cancel_timer(t);
  }
  m_retransmits.clear();
}

// RFC 3261 §17.1.2.2: after a provisional response the client transaction
// is "Proceeding" and retransmits every T2 until Timer F.
void
Session::proceeding()
{
  cancel_retransmits();
  const auto t2 = std::max(m_run.options().t2, std::chrono::milliseconds(1));
  auto at = Clock::now() + t2;
  // Bounded: at most 64·T1 / T2 + 1 firings before Timer F.
  for (int n = 0; n < 128 && at < m_give_up; ++n, at += t2) {
    m_retransmits.push_back(m_run.loop().add_timer(at, [this] {
      ++m_result.retransmissions;
      send_udp();
    }));
  }
}

// A TLS read or write after the handshake failed: tell a missing client
// certificate (TLS 1.3 reports it only now) from a close and other errors.
void
Session::tls_io_failed(tls::TlsStep step)
{
  const ProbeSpec& spec = m_result.spec;
  const std::string domain = spec.sip_domain.empty() ? spec.target : spec.sip_domain;
  m_result.tls = m_tls->summary(domain, spec.target, m_run.options().now);
  if (m_result.tls->client_cert_missing) {
    finish(
      ProbeState::tls_failed,
      fmt::format("{} (the server asked for a client certificate and none was given: --cert/--key)", m_tls->error()));
  } else if (step == tls::TlsStep::closed) {
    finish(ProbeState::protocol_error, "the server closed the TLS connection without answering");
  } else {
    finish(ProbeState::tls_failed, m_tls->error());
  }
}

void
Session::handle_message(std::string_view bytes, bool datagram)
{
  if (datagram) {
    if (auto complete = sip::check_datagram_length(bytes); !complete) {
      finish(ProbeState::protocol_error, complete.error().message);
      return;
    }
  }
  auto parsed = sip::parse_response(bytes);
  if (!parsed) {
    // On UDP too: a garbage answer from the connected peer is its answer;
    // report it rather than wait for the deadline.
    finish(parsed.error().code == Errc::limit ? ProbeState::too_large : ProbeState::protocol_error,
           parsed.error().message);
    return;
  }
  if (!parsed->call_id.empty() && parsed->call_id != m_call_id) {
    if (datagram) {
      return; // an answer to another transaction (e.g. a late one): ignore
    }
    finish(ProbeState::protocol_error, "the answer carries another Call-ID than the request");
    return;
  }
  if (parsed->status < 200) {
    if (datagram && !m_result.provisional) {
      proceeding();
    }
    m_result.provisional = parsed->status;
    return;
  }
  m_result.timings.sip_ms = ms_between(m_sent, Clock::now());
  const ProbeState state = state_for_status(parsed->status);
  m_result.response = std::move(*parsed);
  finish(state, {});
}

void
Session::expire()
{
  if (m_finished) {
    return;
  }
  const auto budget = m_run.options().timeout.count();
  std::string what;
  if (m_result.phase == "dns") {
    // The server was never asked: this is a DNS failure, not the server's silence.
    finish(ProbeState::dns_failed,
           fmt::format("no DNS answer for {} within the {} ms deadline", m_result.spec.target, budget));
    return;
  }
  if (m_result.phase == "connect") {
    what = fmt::format("TCP connect to {} port {} did not complete within the {} ms deadline", m_result.address,
                       m_result.spec.port, budget);
  } else if (m_result.phase == "tls") {
    what = fmt::format("TLS handshake did not complete within the {} ms deadline", budget);
  } else if (m_result.provisional) {
    what = fmt::format("only a provisional {} before the {} ms deadline", *m_result.provisional, budget);
  } else {
    what = fmt::format("no SIP answer within the {} ms deadline", budget);
  }
  finish(ProbeState::timeout, what);
}

void
Session::close_socket()
{
  for (const auto& t : m_timers) {
    m_run.loop().cancel_timer(t);
  }
  m_timers.clear();
  cancel_retransmits();
  if (m_fd >= 0) {
    m_run.loop().unwatch(m_fd);
    ::close(m_fd);
    m_fd = -1;
  }
  m_tls.reset(); // free the SSL now: 1000 TLS probes must not pile up sessions
}

void
Session::finish(ProbeState state, std::string error)
{
  if (m_finished) {
    return;
  }
  m_finished = true;
  if (m_tls && !m_result.tls) {
    const ProbeSpec& spec = m_result.spec;
    const std::string domain = spec.sip_domain.empty() ? spec.target : spec.sip_domain;
    m_result.tls = m_tls->summary(domain, spec.target, m_run.options().now);
  }
  m_result.state = state;
  m_result.error = std::move(error);
  if (state == ProbeState::ok || state == ProbeState::sip_error || state == ProbeState::unavailable) {
    m_result.phase = "done";
  }
  m_result.timings.total_ms = ms_between(m_started, Clock::now());
  close_socket();
  m_run.finished_one();
}

} // namespace

Result<std::vector<ProbeResult>>
run_probes(const std::vector<ProbeSpec>& specs, const ProbeOptions& options)
{
  std::vector<ProbeResult> results(specs.size());
  bool need_tls = false;
  bool need_dns = false;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    results[i].spec = specs[i];
    need_tls = need_tls || specs[i].transport == Transport::tls;
    need_dns = need_dns || (specs[i].address.empty() && !is_ip_literal(specs[i].target));
  }
  Run run(options, results);
  if (auto ok = run.init(need_tls, need_dns); !ok) {
    return std::unexpected(ok.error());
  }
  run.run();
  return results;
}

} // namespace sipsurv::probe
