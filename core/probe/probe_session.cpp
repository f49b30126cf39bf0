#include "core/probe/probe_session.hpp"

#include "core/dns/address_chase.hpp"
#include "core/net/destination.hpp"
#include "core/probe/stream_probe.hpp"
#include "core/probe/tls_probe.hpp"
#include "core/probe/udp_probe.hpp"
#include "core/sip/options_request.hpp"
#include "core/sip/sip_uri.hpp"
#include "core/util/ip_literal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace sipsurv::probe {
namespace {

using Ms = std::chrono::duration<double, std::milli>;

ProbeState
state_for_status(int status)
{
  if (status >= 200 && status < 300) {
    return ProbeState::ok;
  }
  return status == 503 ? ProbeState::unavailable : ProbeState::sip_error;
}

} // namespace

Session::Session(ProbeEnv& env, ProbeResult& result, std::function<void()> on_finished)
    : m_env(env), m_result(result), m_on_finished(std::move(on_finished))
{}

Session::~Session()
{
  close_common();
}

void
Session::start(net::TimePoint deadline, std::string budget)
{
  m_budget = std::move(budget);
  m_started = now();
  m_phase_started = m_started;
  m_deadline = deadline;
  m_timers.push_back(reactor().add_timer(deadline, [this] { expire(); }));
  m_result.address = spec().address;
  if (m_result.address.empty() && is_ip_literal(spec().target)) {
    m_result.address = spec().target;
  }
  if (!m_result.address.empty()) {
    m_result.timings.dns_ms = spec().dns_ms;
    connect_if_safe();
    return;
  }
  m_result.phase = ProbePhase::dns;
  if (!spec().unresolved.empty()) {
    m_result.timings.dns_ms = spec().dns_ms;
    finish(ProbeState::dns_failed, fmt::format("DNS gave {} no address: {}", spec().target, spec().unresolved));
    return;
  }
  if (m_env.ports.names == nullptr) {
    finish(ProbeState::dns_failed, "no resolver for a target without an address");
    return;
  }
  m_env.ports.names->lookup(spec().target, m_deadline, [this](const dns::HostAddresses& host) { resolved(host); });
}

void
Session::resolved(const dns::HostAddresses& host)
{
  if (m_finished) {
    return;
  }
  m_result.timings.dns_ms = Ms(now() - m_phase_started).count();
  if (host.addresses.empty()) {
    finish(ProbeState::dns_failed, fmt::format("{}: {}", spec().target, dns::no_address_reason(host)));
    return;
  }
  for (const auto& a : host.addresses) {
    m_result.resolved.push_back(a.address);
  }
  // A first, what most phones try first; but never one sipsurv must not
  // send to while a usable one is there (the finding names the others).
  const auto usable = std::find_if(m_result.resolved.begin(), m_result.resolved.end(),
                                   [&](const std::string& a) { return !net::unsafe_destination(a, spec().port); });
  m_result.address = usable != m_result.resolved.end() ? *usable : m_result.resolved.front();
  connect_if_safe();
}

void
Session::connect_if_safe()
{
  if (const auto why = net::unsafe_destination(m_result.address, spec().port)) {
    m_result.phase = ProbePhase::connect;
    finish(ProbeState::unsafe_destination,
           fmt::format("not sent to {} port {}: {}; sipsurv never sends to multicast, broadcast or unspecified "
                       "addresses, or to port 0",
                       m_result.address, spec().port, *why));
    return;
  }
  connect_now();
}

bool
Session::open_socket(net::SocketType type)
{
  m_result.phase = ProbePhase::connect;
  m_phase_started = now();
  if (!is_ip_literal(m_result.address)) {
    finish(ProbeState::network_error, fmt::format("'{}' is not an IP address", m_result.address));
    return false;
  }
  int error = 0;
  m_fd = sockets().open(remote(), type, error);
  if (m_fd < 0) {
    finish(ProbeState::network_error, fmt::format("socket: {}", std::strerror(error)));
    return false;
  }
  // Every write on a stream (the ClientHello's successors, the request, a
  // trace hop's request) leaves at once: with Nagle it waited for the peer's
  // delayed ACK (about 40 ms), which the sip phase then showed as the
  // server's delay. A socket that refuses it would time Nagle, not the
  // server: an error rather than a wrong figure.
  if (type == net::SocketType::stream) {
    if (const int e = sockets().set_no_delay(m_fd); e != 0) {
      finish(ProbeState::network_error, fmt::format("setsockopt TCP_NODELAY: {}", std::strerror(e)));
      return false;
    }
  }
  const int rc = sockets().connect(m_fd, remote());
  if (rc != 0 && rc != EINPROGRESS) {
    finish(rc == ECONNREFUSED ? ProbeState::refused : ProbeState::network_error,
           fmt::format("connect to {}: {}", m_result.address, std::strerror(rc)));
    return false;
  }
  return true;
}

void
Session::watch(short events, void (Session::*handler)(short))
{
  reactor().watch(m_fd, events, [this, handler](short revents) { (this->*handler)(revents); });
}

net::Reactor::TimerId
Session::add_timer(net::TimePoint at, std::function<void()> fn)
{
  const auto id = reactor().add_timer(at, std::move(fn));
  m_timers.push_back(id);
  return id;
}

void
Session::cancel_timer(const net::Reactor::TimerId& id)
{
  reactor().cancel_timer(id);
  std::erase(m_timers, id);
}

std::string
Session::identity_domain() const
{
  return spec().sip_domain.empty() ? spec().target : spec().sip_domain;
}

bool
Session::prepare_request()
{
  const net::Endpoint local = sockets().local_endpoint(m_fd);
  std::string uri = spec().request_uri;
  if (uri.empty()) {
    if (!spec().sip_domain.empty()) {
      uri = sip::make_request_uri(spec().sip_domain, 0, spec().transport, false);
    } else {
      const bool v6 = spec().target.find(':') != std::string::npos;
      uri = sip::make_request_uri(spec().target, spec().port, spec().transport, v6);
    }
  }
  m_result.request_uri = uri;
  sip::OptionsParams p;
  p.request_uri = uri;
  p.transport = spec().transport;
  p.local_host = local.address;
  p.local_port = local.port;
  p.local_ipv6 = local.address.find(':') != std::string::npos;
  p.max_forwards = spec().max_forwards;
  p.branch = sip::new_branch();
  p.call_id = sip::new_token();
  p.from_tag = sip::new_token().substr(0, 10);
  // One sofia-sip build per shape of request (transport, Max-Forwards); a
  // request-URI the template cannot hold is built whole, and checked, each time.
  auto tpl = m_env.requests.end();
  if (sip::OptionsTemplate::fits(p)) {
    const std::string shape = fmt::format("{} {} {}", to_string(p.transport), p.max_forwards, p.cseq);
    tpl = m_env.requests.find(shape);
    if (tpl == m_env.requests.end()) {
      if (auto made = sip::OptionsTemplate::make(p)) {
        tpl = m_env.requests.emplace(shape, std::move(*made)).first;
      }
    }
  }
  if (tpl != m_env.requests.end()) {
    m_request = tpl->second.fill(p);
  } else {
    auto request = sip::build_options(p);
    if (!request) {
      finish(ProbeState::network_error, request.error().message);
      return false;
    }
    m_request = std::move(*request);
  }
  m_params = p;
  m_ids = RequestIds{.branch = p.branch,
                     .sent_by_host = p.local_host,
                     .sent_by_port = p.local_port,
                     .default_port = default_sip_port(spec().transport),
                     .cseq = p.cseq,
                     .method = "OPTIONS",
                     .call_id = p.call_id,
                     .from_tag = p.from_tag};
  return true;
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
  // RFC 3261 §17.1.3: only an answer to this request counts. Over UDP a
  // stray datagram (a late answer to an earlier probe, a broken ALG's
  // canned reply) is ignored and counted; on a connection of our own there
  // is no other transaction, so it is the server's error.
  const MatchResult match = match_response(*parsed, m_ids);
  if (match.match == Match::malformed) {
    finish(ProbeState::protocol_error, match.why);
    return;
  }
  if (match.match == Match::foreign) {
    if (datagram) {
      ++m_result.unmatched;
      return;
    }
    finish(ProbeState::protocol_error, match.why);
    return;
  }
  if (parsed->status < 200) {
    if (!m_result.provisional) {
      on_provisional();
    }
    m_result.provisional = parsed->status;
    return;
  }
  if (m_stage != Stage::options) {
    register_answered(std::move(*parsed));
    return;
  }
  m_result.timings.sip_ms = Ms(now() - m_sent).count();
  const ProbeState state = state_for_status(parsed->status);
  m_result.response = std::move(*parsed);
  if (state == ProbeState::ok && checks_registrar(spec(), options())) {
    m_options_state = state;
    m_options_total_ms = Ms(now() - m_started).count();
    m_options_provisional = m_result.provisional;
    m_options_retransmissions = m_result.retransmissions;
    if (start_register()) {
      return;
    }
  }
  finish(state, {});
}

void
Session::expire()
{
  if (m_finished) {
    return;
  }
  if (m_stage == Stage::register_plain || m_stage == Stage::register_auth) {
    finish(ProbeState::timeout, fmt::format("no final answer to the REGISTER within {}", m_budget));
    return;
  }
  std::string what;
  switch (m_result.phase) {
  case ProbePhase::queued:
  case ProbePhase::dns:
    // The server was never asked: this is a DNS failure, not the server's silence.
    finish(ProbeState::dns_failed, fmt::format("no DNS answer for {} within {}", spec().target, m_budget));
    return;
  case ProbePhase::connect:
    what = fmt::format("TCP connect to {} port {} did not complete within {}", m_result.address, spec().port, m_budget);
    break;
  case ProbePhase::tls:
    what = fmt::format("TLS handshake did not complete within {}", m_budget);
    break;
  case ProbePhase::sip:
  case ProbePhase::done:
    if (m_result.provisional) {
      // The server took the request and never completed it: not silence.
      finish(ProbeState::provisional_only,
             fmt::format("a provisional {}, then no final answer within {}", *m_result.provisional, m_budget));
      return;
    }
    what = fmt::format("no SIP answer within {}", m_budget);
    break;
  }
  finish(ProbeState::timeout, what);
}

void
Session::close_common()
{
  for (const auto& t : m_timers) {
    reactor().cancel_timer(t);
  }
  m_timers.clear();
  if (m_fd >= 0) {
    reactor().unwatch(m_fd);
    sockets().close(m_fd);
    m_fd = -1;
  }
}

void
Session::finish(ProbeState state, std::string error)
{
  if (m_finished) {
    return;
  }
  if (m_stage != Stage::options) {
    // The OPTIONS was answered: what happened to the REGISTER after it is
    // the registrar's result, never the server's reachability.
    RegisterResult& reg = *m_result.registrar;
    if (m_stage != Stage::register_done) {
      reg.state = state == ProbeState::timeout || state == ProbeState::provisional_only ? RegisterState::no_answer
                                                                                        : RegisterState::failed;
      reg.error = std::move(error);
    }
    state = m_options_state;
    error.clear();
    m_result.provisional = m_options_provisional;
    m_result.retransmissions = m_options_retransmissions;
  } else if (checks_registrar(spec(), options()) && !m_result.registrar) {
    m_result.registrar = RegisterResult{};
    m_result.registrar->error = "the OPTIONS did not succeed";
  }
  m_finished = true;
  before_finish();
  m_result.state = state;
  m_result.error = std::move(error);
  if (answered(state)) {
    m_result.phase = ProbePhase::done;
  }
  // The probe's time is the OPTIONS's (thresholds and RTTs compare it); the
  // REGISTER has its own figure.
  m_result.timings.total_ms = m_stage == Stage::options ? Ms(now() - m_started).count() : m_options_total_ms;
  release_transport();
  close_common();
  m_on_finished();
}

std::unique_ptr<Session>
make_session(ProbeEnv& env, ProbeResult& result, std::function<void()> on_finished)
{
  switch (result.spec.transport) {
  case Transport::udp:
    return std::make_unique<UdpProbe>(env, result, std::move(on_finished));
  case Transport::tcp:
    return std::make_unique<StreamProbe>(env, result, std::move(on_finished));
  case Transport::tls:
    break;
  }
  return std::make_unique<TlsProbe>(env, result, std::move(on_finished));
}

} // namespace sipsurv::probe
