#include "core/dns/cares_resolver.hpp"

#include "core/dns/answer_walker.hpp"

#include <ares.h>
#include <arpa/inet.h>
#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <mutex>

namespace sipsurv::dns {

struct CaresResolver::Channel {
  ares_channel handle = nullptr;
  ~Channel()
  {
    if (handle != nullptr) {
      ares_destroy(handle);
    }
  }
};

namespace {

using Clock = std::chrono::steady_clock;

void
init_library_once()
{
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

struct Pending {
  std::vector<Reply>* replies = nullptr;
  std::size_t index = 0;
  Clock::time_point started;
  std::size_t* remaining = nullptr;
  std::string server_list;
};

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

void
on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen)
{
  auto* p = static_cast<Pending*>(arg);
  Reply& reply = (*p->replies)[p->index];
  reply.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - p->started);
  // With ARES_FLAG_NOCHECKRESP every response reaches us with its buffer,
  // whatever its rcode; c-ares's status then only restates the rcode.
  if (abuf != nullptr && alen > 0) {
    auto walked = walk_answer(std::span<const unsigned char>(abuf, static_cast<std::size_t>(alen)));
    if (walked) {
      reply.outcome = std::move(*walked);
    } else {
      walked.error().message += fmt::format(" (from {})", p->server_list);
      reply.outcome = std::unexpected(walked.error());
    }
  } else {
    reply.outcome = std::unexpected(error_from_status(status, p->server_list));
  }
  --*p->remaining;
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

} // namespace

CaresResolver::CaresResolver(std::unique_ptr<Channel> channel, CaresOptions options)
    : m_channel(std::move(channel)), m_options(std::move(options))
{}

CaresResolver::~CaresResolver() = default;

Result<std::unique_ptr<CaresResolver>>
CaresResolver::create(const CaresOptions& options)
{
  init_library_once();
  ares_options opts{};
  int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_EDNSPSZ;
  opts.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_EDNS | ARES_FLAG_NOSEARCH;
  opts.ednspsz = 1232;
  // c-ares doubles the per-try timeout each round (t + 2t + 4t with 3 tries);
  // size t so the retries fit in the caller's timeout.
  opts.timeout = static_cast<int>(std::max<long long>(100, options.timeout.count() / 7));
  opts.tries = 3;
  auto channel = std::make_unique<Channel>();
  const int rc = ares_init_options(&channel->handle, &opts, mask);
  if (rc != ARES_SUCCESS) {
    return fail(Errc::io, fmt::format("cannot set up the DNS resolver: {}", ares_strerror(rc)));
  }
  if (!options.servers.empty()) {
    std::string csv;
    for (const auto& s : options.servers) {
      if (!csv.empty()) {
        csv += ",";
      }
      csv += s.to_string();
    }
    const int set = ares_set_servers_ports_csv(channel->handle, csv.c_str());
    if (set != ARES_SUCCESS) {
      return fail(Errc::usage, fmt::format("c-ares rejected DNS server list '{}': {}", csv, ares_strerror(set)));
    }
  }
  return std::unique_ptr<CaresResolver>(new CaresResolver(std::move(channel), options));
}

std::string
CaresResolver::describe() const
{
  const std::string servers = current_servers(m_channel->handle);
  return m_options.servers.empty() ? fmt::format("system resolver ({})", servers) : servers;
}

std::vector<Reply>
CaresResolver::lookup(std::span<const Question> questions)
{
  std::vector<Reply> replies(questions.size());
  for (auto& r : replies) {
    r.outcome = std::unexpected(Error{Errc::timeout, "no answer before the timeout"});
  }
  std::size_t remaining = questions.size();
  const std::string servers = current_servers(m_channel->handle);
  std::vector<Pending> pending(questions.size());
  const auto started = Clock::now();
  const auto deadline = started + m_options.timeout;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    pending[i] = Pending{&replies, i, started, &remaining, servers};
    ares_query(m_channel->handle, questions[i].name.c_str(), 1 /* C_IN */, questions[i].type, &on_answer, &pending[i]);
  }

  // Bounded: every pass either makes progress or moves toward the deadline.
  while (remaining > 0) {
    const auto now = Clock::now();
    if (now >= deadline) {
      ares_cancel(m_channel->handle); // calls on_answer with ARES_ECANCELLED for the rest
      break;
    }
    std::array<ares_socket_t, ARES_GETSOCK_MAXNUM> socks{};
    const int bits = ares_getsock(m_channel->handle, socks.data(), ARES_GETSOCK_MAXNUM);
    std::vector<pollfd> fds;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(bits, i)) {
        events |= POLLIN;
      }
      if (ARES_GETSOCK_WRITABLE(bits, i)) {
        events |= POLLOUT;
      }
      if (events != 0) {
        fds.push_back(pollfd{socks[static_cast<std::size_t>(i)], events, 0});
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - now);
    timeval max_tv{static_cast<time_t>(left.count() / 1000000), static_cast<suseconds_t>(left.count() % 1000000)};
    timeval tv{};
    const timeval* wait = ares_timeout(m_channel->handle, &max_tv, &tv);
    const int wait_ms = static_cast<int>(wait->tv_sec * 1000 + (wait->tv_usec + 999) / 1000);
    const int ready = poll(fds.data(), fds.size(), wait_ms);
    if (ready <= 0) {
      ares_process_fd(m_channel->handle, ARES_SOCKET_BAD, ARES_SOCKET_BAD); // handle timeouts
      continue;
    }
    for (const auto& p : fds) {
      const bool readable = (p.revents & (POLLIN | POLLERR | POLLHUP)) != 0;
      const bool writable = (p.revents & POLLOUT) != 0;
      if (readable || writable) {
        ares_process_fd(m_channel->handle, readable ? p.fd : ARES_SOCKET_BAD, writable ? p.fd : ARES_SOCKET_BAD);
      }
    }
  }
  return replies;
}

} // namespace sipsurv::dns
