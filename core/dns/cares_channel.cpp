#include "core/dns/cares_channel.hpp"

#include "core/dns/answer_walker.hpp"

#include <ares.h>
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <list>
#include <mutex>
#include <optional>

namespace sipsurv::dns {
namespace {

void
init_library_once()
{
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

std::string
current_servers(ares_channel channel)
{
  ares_addr_port_node* nodes = nullptr;
  if (ares_get_servers_ports(channel, &nodes) != ARES_SUCCESS) {
    return "unknown";
  }
  std::string out;
  for (auto* n = nodes; n != nullptr; n = n->next) {
    std::array<char, INET6_ADDRSTRLEN> text{};
    inet_ntop(n->family, &n->addr, text.data(), static_cast<socklen_t>(text.size()));
    const int port = n->udp_port != 0 ? n->udp_port : 53;
    if (!out.empty()) {
      out += ",";
    }
    out += n->family == AF_INET6 ? fmt::format("[{}]:{}", text.data(), port) : fmt::format("{}:{}", text.data(), port);
  }
  ares_free_data(nodes);
  return out.empty() ? "none" : out;
}

Error
error_from_status(int status, const std::string& servers)
{
  switch (status) {
  case ARES_ETIMEOUT:
  case ARES_ECANCELLED:
  case ARES_EDESTRUCTION:
    return {Errc::timeout, fmt::format("no answer from DNS server {} before the timeout", servers)};
  case ARES_ECONNREFUSED:
    return {Errc::no_server, fmt::format("DNS server {} refused the query (nothing listens there)", servers)};
  case ARES_EBADRESP:
  case ARES_EFORMERR:
    return {Errc::protocol, fmt::format("malformed DNS answer from {}", servers)};
  case ARES_ENOMEM:
    return {Errc::io, "out of memory in c-ares"};
  default:
    return {Errc::no_server, fmt::format("DNS query via {} failed: {}", servers, ares_strerror(status))};
  }
}

// The server at the other end of a c-ares socket: c-ares connects its UDP
// and TCP sockets to the server they ask, so the socket an answer was read
// from names the server that gave it.
std::string
peer_of(ares_socket_t fd)
{
  if (fd == ARES_SOCKET_BAD) {
    return {};
  }
  sockaddr_storage peer{};
  socklen_t len = sizeof(peer);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) {
    return {};
  }
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (peer.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&peer);
    inet_ntop(AF_INET, &in->sin_addr, text.data(), static_cast<socklen_t>(text.size()));
    return fmt::format("{}:{}", text.data(), ntohs(in->sin_port));
  }
  if (peer.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&peer);
    inet_ntop(AF_INET6, &in6->sin6_addr, text.data(), static_cast<socklen_t>(text.size()));
    return fmt::format("[{}]:{}", text.data(), ntohs(in6->sin6_port));
  }
  return {};
}

bool
truncated(const unsigned char* abuf, int alen)
{
  return abuf != nullptr && alen > 2 && (abuf[2] & 0x02U) != 0;
}

} // namespace

// One c-ares channel with its sockets watched in the reactor and its retry
// timer as a reactor timer.
struct Side {
  CaresChannel::State* state = nullptr;
  ares_channel channel = nullptr;
  std::optional<net::Reactor::TimerId> timer;
};

struct Pending {
  CaresChannel::State* state = nullptr;
  Question question;
  CaresChannel::Done done;
  net::TimePoint started{};
  std::optional<net::Reactor::TimerId> deadline_timer;
  int outstanding = 0; // c-ares callbacks still to come for this question
  bool delivered = false;
  bool over_tcp = false;
};

struct CaresChannel::State {
  net::Reactor* reactor = nullptr;
  const net::Clock* clock = nullptr;
  std::string servers;
  bool system_servers = true;
  Side udp;
  Side tcp;
  std::list<Pending> pending;
  bool destroying = false;
  // The socket c-ares is reading while it runs the answer callbacks (they
  // run inside ares_process_fd): the answering server's.
  ares_socket_t reading = ARES_SOCKET_BAD;

  void reschedule(Side& side);
  void process(Side& side, ares_socket_t read_fd, ares_socket_t write_fd)
  {
    reading = read_fd;
    ares_process_fd(side.channel, read_fd, write_fd);
    reading = ARES_SOCKET_BAD;
    reschedule(side);
  }
  void deliver(Pending& p, Reply reply)
  {
    if (p.delivered || destroying) {
      return;
    }
    p.delivered = true;
    if (p.deadline_timer) {
      reactor->cancel_timer(*p.deadline_timer);
      p.deadline_timer.reset();
    }
    reply.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(clock->now() - p.started);
    CaresChannel::Done done = std::move(p.done);
    forget_if_done(p);
    done(std::move(reply));
  }
  void forget_if_done(Pending& p)
  {
    if (p.delivered && p.outstanding == 0) {
      pending.remove_if([&](const Pending& q) { return &q == &p; });
    }
  }
  Reply reply_from(const unsigned char* abuf, int alen)
  {
    Reply reply;
    auto walked = walk_answer(std::span<const unsigned char>(abuf, static_cast<std::size_t>(alen)));
    if (walked) {
      reply.outcome = std::move(*walked);
    } else {
      walked.error().message += fmt::format(" (from {})", servers);
      reply.outcome = std::unexpected(walked.error());
    }
    reply.server = peer_of(reading);
    return reply;
  }
};

namespace {

void
on_socket_state(void* data, ares_socket_t fd, int readable, int writable)
{
  auto* side = static_cast<Side*>(data);
  if (side->state->destroying) {
    return;
  }
  net::Reactor& reactor = *side->state->reactor;
  if (readable == 0 && writable == 0) {
    reactor.unwatch(fd);
    return;
  }
  short events = 0;
  events = static_cast<short>(events | (readable != 0 ? POLLIN : 0));
  events = static_cast<short>(events | (writable != 0 ? POLLOUT : 0));
  reactor.watch(fd, events, [side, fd](short revents) {
    const bool r = (revents & (POLLIN | POLLERR | POLLHUP)) != 0;
    const bool w = (revents & POLLOUT) != 0;
    side->state->process(*side, r ? fd : ARES_SOCKET_BAD, w ? fd : ARES_SOCKET_BAD);
  });
}

void on_answer(void* arg, int status, int timeouts, unsigned char* abuf, int alen);

void
ask_on(Side& side, Pending& p)
{
  ++p.outstanding;
  ares_query(side.channel, p.question.name.c_str(), 1 /* C_IN */, p.question.type, &on_answer, &p);
  side.state->reschedule(side);
}

void
on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen)
{
  auto* p = static_cast<Pending*>(arg);
  CaresChannel::State& state = *p->state;
  --p->outstanding;
  if (state.destroying || p->delivered) {
    state.forget_if_done(*p);
    return;
  }
  const bool got_message = abuf != nullptr && alen > 0;
  if (!p->over_tcp && got_message && truncated(abuf, alen)) {
    // RFC 1035 §4.2.1, RFC 7766: a truncated UDP answer is asked again over TCP.
    p->over_tcp = true;
    ask_on(state.tcp, *p);
    return;
  }
  if (got_message) {
    state.deliver(*p, state.reply_from(abuf, alen));
    return;
  }
  Error e = error_from_status(status, state.servers);
  if (p->over_tcp) {
    e = Error{Errc::protocol, fmt::format("the UDP answer was truncated and the TCP retry failed: {}", e.message)};
  }
  state.deliver(*p, Reply{std::unexpected(std::move(e)), {}, {}});
}

Result<void>
init_side(Side& side, CaresChannel::State& state, const CaresOptions& options, int flags)
{
  side.state = &state;
  ares_options opts{};
  int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_SOCK_STATE_CB;
  opts.flags = flags;
  if ((flags & ARES_FLAG_EDNS) != 0) {
    mask |= ARES_OPT_EDNSPSZ;
    opts.ednspsz = 1232;
  }
  // c-ares doubles the per-try timeout each round (t + 2t + 4t with 3
  // tries); size t so the retries fit in the run's timeout. The deadline of
  // each question ends it earlier when the run has less time left.
  opts.timeout = static_cast<int>(std::max<long long>(100, options.timeout.count() / 7));
  opts.tries = 3;
  opts.sock_state_cb = &on_socket_state;
  opts.sock_state_cb_data = &side;
  if (const int rc = ares_init_options(&side.channel, &opts, mask); rc != ARES_SUCCESS) {
    side.channel = nullptr;
    return fail(Errc::io, fmt::format("cannot set up the DNS resolver: {}", ares_strerror(rc)));
  }
  if (!options.servers.empty()) {
    std::string csv;
    for (const auto& s : options.servers) {
      csv += (csv.empty() ? "" : ",") + s.to_string();
    }
    if (const int rc = ares_set_servers_ports_csv(side.channel, csv.c_str()); rc != ARES_SUCCESS) {
      return fail(Errc::usage, fmt::format("c-ares rejected DNS server list '{}': {}", csv, ares_strerror(rc)));
    }
  }
  return {};
}

void
destroy_side(Side& side, net::Reactor& reactor)
{
  if (side.channel == nullptr) {
    return;
  }
  if (side.timer) {
    reactor.cancel_timer(*side.timer);
  }
  std::array<ares_socket_t, ARES_GETSOCK_MAXNUM> socks{};
  const int bits = ares_getsock(side.channel, socks.data(), ARES_GETSOCK_MAXNUM);
  for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
    if (ARES_GETSOCK_READABLE(bits, i) || ARES_GETSOCK_WRITABLE(bits, i)) {
      reactor.unwatch(socks[static_cast<std::size_t>(i)]);
    }
  }
  ares_destroy(side.channel); // runs the pending callbacks with ARES_EDESTRUCTION
  side.channel = nullptr;
}

} // namespace

void
CaresChannel::State::reschedule(Side& side)
{
  if (side.timer) {
    reactor->cancel_timer(*side.timer);
    side.timer.reset();
  }
  if (destroying) {
    return;
  }
  timeval tv{};
  const timeval* wait = ares_timeout(side.channel, nullptr, &tv);
  if (wait == nullptr) {
    return; // nothing pending on this side
  }
  const auto at = clock->now() + std::chrono::seconds(wait->tv_sec) + std::chrono::microseconds(wait->tv_usec);
  side.timer = reactor->add_timer(at, [this, &side] {
    side.timer.reset();
    process(side, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
  });
}

CaresChannel::CaresChannel(std::unique_ptr<State> state) : m_state(std::move(state)) {}

CaresChannel::~CaresChannel()
{
  m_state->destroying = true;
  for (auto& p : m_state->pending) {
    if (p.deadline_timer) {
      m_state->reactor->cancel_timer(*p.deadline_timer);
    }
  }
  destroy_side(m_state->udp, *m_state->reactor);
  destroy_side(m_state->tcp, *m_state->reactor);
}

Result<std::unique_ptr<CaresChannel>>
CaresChannel::create(net::Reactor& reactor, const net::Clock& clock, const CaresOptions& options)
{
  init_library_once();
  auto state = std::make_unique<State>();
  state->reactor = &reactor;
  state->clock = &clock;
  state->system_servers = options.servers.empty();
  auto destroy = [&] {
    state->destroying = true;
    destroy_side(state->udp, reactor);
    destroy_side(state->tcp, reactor);
  };
  // UDP with EDNS, truncated answers returned to us (IGNTC); TCP only for
  // the retries of truncated ones.
  if (auto ok = init_side(state->udp, *state, options,
                          ARES_FLAG_NOCHECKRESP | ARES_FLAG_EDNS | ARES_FLAG_NOSEARCH | ARES_FLAG_IGNTC);
      !ok) {
    destroy();
    return std::unexpected(ok.error());
  }
  if (auto ok = init_side(state->tcp, *state, options, ARES_FLAG_NOCHECKRESP | ARES_FLAG_NOSEARCH | ARES_FLAG_USEVC);
      !ok) {
    destroy();
    return std::unexpected(ok.error());
  }
  state->servers = current_servers(state->udp.channel);
  return std::unique_ptr<CaresChannel>(new CaresChannel(std::move(state)));
}

void
CaresChannel::ask(const Question& question, net::TimePoint deadline, Done done)
{
  State& s = *m_state;
  Pending& p = s.pending.emplace_back();
  p.state = &s;
  p.question = question;
  p.done = std::move(done);
  p.started = s.clock->now();
  p.deadline_timer = s.reactor->add_timer(deadline, [&s, &p] {
    p.deadline_timer.reset();
    s.deliver(p,
              Reply{std::unexpected(Error{Errc::timeout,
                                          fmt::format("no answer from DNS server {} before "
                                                      "the deadline",
                                                      s.servers)}),
                    {},
                    {}});
  });
  ask_on(s.udp, p);
}

std::string
CaresChannel::describe() const
{
  return m_state->system_servers ? fmt::format("system resolver ({})", m_state->servers) : m_state->servers;
}

} // namespace sipsurv::dns
