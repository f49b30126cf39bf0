#include "core/dns/async_resolver.hpp"

#include "core/dns/answer_walker.hpp"

#include <ares.h>
#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <list>
#include <mutex>
#include <optional>

namespace sipsurv::dns {

using Clock = std::chrono::steady_clock;

struct Lookup {
  struct AsyncResolver::State* state = nullptr;
  std::string host;
  AsyncResolver::Callback done;
  Clock::time_point started;
  int pending = 2;
  std::vector<AddressRecord> v4;
  std::vector<AddressRecord> v6;
  std::vector<std::string> problems; // per question, when it found nothing
  bool any_timeout = false;
};

struct AsyncResolver::State {
  net::Reactor* loop = nullptr;
  ares_channel channel = nullptr;
  std::optional<net::Reactor::TimerId> timer;
  std::list<Lookup> lookups;
  bool destroying = false;

  void reschedule();
  void process(ares_socket_t read_fd, ares_socket_t write_fd)
  {
    ares_process_fd(channel, read_fd, write_fd);
    reschedule();
  }
};

namespace {

void
init_library_once()
{
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

void
on_socket_state(void* data, ares_socket_t fd, int readable, int writable)
{
  auto* state = static_cast<AsyncResolver::State*>(data);
  if (state->destroying) {
    return;
  }
  if (readable == 0 && writable == 0) {
    state->loop->unwatch(fd);
    return;
  }
  short events = 0;
  events = static_cast<short>(events | (readable != 0 ? POLLIN : 0));
  events = static_cast<short>(events | (writable != 0 ? POLLOUT : 0));
  state->loop->watch(fd, events, [state, fd](short revents) {
    const bool r = (revents & (POLLIN | POLLERR | POLLHUP)) != 0;
    const bool w = (revents & POLLOUT) != 0;
    state->process(r ? fd : ARES_SOCKET_BAD, w ? fd : ARES_SOCKET_BAD);
  });
}

std::string
status_text(int status)
{
  switch (status) {
  case ARES_ETIMEOUT:
    return "no answer from the DNS server";
  case ARES_ECONNREFUSED:
    return "the DNS server refused the connection";
  case ARES_EBADRESP:
  case ARES_EFORMERR:
    return "malformed DNS answer";
  default:
    return ares_strerror(status);
  }
}

void
finish_if_done(Lookup& lookup)
{
  if (--lookup.pending > 0) {
    return;
  }
  auto* state = lookup.state;
  const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - lookup.started);
  std::vector<AddressRecord> all = std::move(lookup.v4);
  all.insert(all.end(), lookup.v6.begin(), lookup.v6.end());
  AsyncResolver::Callback done = std::move(lookup.done);
  Result<std::vector<AddressRecord>> result = all;
  if (all.empty()) {
    std::sort(lookup.problems.begin(), lookup.problems.end());
    lookup.problems.erase(std::unique(lookup.problems.begin(), lookup.problems.end()), lookup.problems.end());
    result = fail(lookup.any_timeout ? Errc::timeout : Errc::no_server,
                  fmt::format("{}: {}", lookup.host, fmt::join(lookup.problems, "; ")));
  }
  const std::string host = lookup.host;
  state->lookups.remove_if([&](const Lookup& l) { return &l == &lookup; });
  if (done && !state->destroying) {
    done(std::move(result), elapsed);
  }
}

template <std::uint16_t Type>
void
on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen)
{
  auto* lookup = static_cast<Lookup*>(arg);
  auto& out = Type == rr::a ? lookup->v4 : lookup->v6;
  const std::string_view kind = Type == rr::a ? "A" : "AAAA";
  if (abuf != nullptr && alen > 0) {
    auto walked = walk_answer(std::span<const unsigned char>(abuf, static_cast<std::size_t>(alen)));
    if (!walked) {
      lookup->problems.push_back(fmt::format("{} {}", kind, walked.error().message));
    } else if (walked->rcode != 0) {
      lookup->problems.push_back(fmt::format("{} {}", kind, rcode_name(walked->rcode)));
    } else {
      for (const auto& r : walked->answers) {
        if (r.type == Type) {
          out.push_back(AddressRecord{std::get<AddressData>(r.data).address, r.ttl, Type == rr::aaaa});
        }
      }
      if (out.empty()) {
        lookup->problems.push_back(fmt::format("no {} record", kind));
      }
    }
  } else {
    lookup->any_timeout = lookup->any_timeout || status == ARES_ETIMEOUT;
    lookup->problems.push_back(fmt::format("{} {}", kind, status_text(status)));
  }
  finish_if_done(*lookup);
}

} // namespace

void
AsyncResolver::State::reschedule()
{
  if (timer) {
    loop->cancel_timer(*timer);
    timer.reset();
  }
  if (destroying || lookups.empty()) {
    return;
  }
  timeval tv{};
  const timeval* wait = ares_timeout(channel, nullptr, &tv);
  if (wait == nullptr) {
    return;
  }
  const auto at = Clock::now() + std::chrono::seconds(wait->tv_sec) + std::chrono::microseconds(wait->tv_usec);
  timer = loop->add_timer(at, [this] {
    timer.reset();
    process(ARES_SOCKET_BAD, ARES_SOCKET_BAD);
  });
}

AsyncResolver::AsyncResolver(std::unique_ptr<State> state) : m_state(std::move(state)) {}

AsyncResolver::~AsyncResolver()
{
  m_state->destroying = true;
  if (m_state->timer) {
    m_state->loop->cancel_timer(*m_state->timer);
  }
  std::array<ares_socket_t, ARES_GETSOCK_MAXNUM> socks{};
  const int bits = ares_getsock(m_state->channel, socks.data(), ARES_GETSOCK_MAXNUM);
  for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
    if (ARES_GETSOCK_READABLE(bits, i) || ARES_GETSOCK_WRITABLE(bits, i)) {
      m_state->loop->unwatch(socks[static_cast<std::size_t>(i)]);
    }
  }
  ares_destroy(m_state->channel); // runs the pending callbacks with ARES_EDESTRUCTION
}

Result<std::unique_ptr<AsyncResolver>>
AsyncResolver::create(net::Reactor& loop, const CaresOptions& options)
{
  init_library_once();
  auto state = std::make_unique<State>();
  state->loop = &loop;
  ares_options opts{};
  const int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_SOCK_STATE_CB;
  opts.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_NOSEARCH;
  // c-ares doubles the per-try timeout (t + 2t + 4t); fit three tries in the budget.
  opts.timeout = static_cast<int>(std::max<long long>(100, options.timeout.count() / 7));
  opts.tries = 3;
  opts.sock_state_cb = &on_socket_state;
  opts.sock_state_cb_data = state.get();
  if (const int rc = ares_init_options(&state->channel, &opts, mask); rc != ARES_SUCCESS) {
    return fail(Errc::io, fmt::format("cannot set up the DNS resolver: {}", ares_strerror(rc)));
  }
  if (!options.servers.empty()) {
    std::string csv;
    for (const auto& s : options.servers) {
      csv += (csv.empty() ? "" : ",") + s.to_string();
    }
    if (const int rc = ares_set_servers_ports_csv(state->channel, csv.c_str()); rc != ARES_SUCCESS) {
      ares_destroy(state->channel);
      return fail(Errc::usage, fmt::format("c-ares rejected DNS server list '{}': {}", csv, ares_strerror(rc)));
    }
  }
  return std::unique_ptr<AsyncResolver>(new AsyncResolver(std::move(state)));
}

void
AsyncResolver::lookup(const std::string& host, Callback done)
{
  Lookup& lookup = m_state->lookups.emplace_back();
  lookup.state = m_state.get();
  lookup.host = host;
  lookup.done = std::move(done);
  lookup.started = Clock::now();
  ares_query(m_state->channel, host.c_str(), 1 /* C_IN */, rr::a, &on_answer<rr::a>, &lookup);
  ares_query(m_state->channel, host.c_str(), 1 /* C_IN */, rr::aaaa, &on_answer<rr::aaaa>, &lookup);
  m_state->reschedule();
}

} // namespace sipsurv::dns
