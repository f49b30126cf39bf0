#include "core/probe/udp_probe.hpp"

#include "core/probe/udp_timers.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sipsurv::probe {
namespace {

constexpr int k_max_reads_per_event = 16;

} // namespace

void
UdpProbe::connect_now()
{
  if (!open_socket(net::SocketType::datagram) || !prepare_request()) {
    return;
  }
  watch_as(POLLIN, &UdpProbe::on_readable);
  m_result.phase = ProbePhase::sip;
  m_sent = now();
  start_transaction();
}

// The OPTIONS, or the REGISTER after it on the same socket: each is a
// client transaction of its own with its own Timer E/F from m_sent.
void
UdpProbe::start_transaction()
{
  cancel_retransmits();
  if (m_timer_f) {
    cancel_timer(*m_timer_f);
    m_timer_f.reset();
  }
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_deadline - m_sent);
  const UdpSchedule schedule = udp_schedule(options().t1, options().t2, left);
  for (std::size_t k = 1; k < schedule.sends.size(); ++k) {
    schedule_retransmit(m_sent + schedule.sends[k]);
  }
  // Timer F (64·T1) before the probe's deadline ends the transaction (RFC
  // 3261 §17.1.2.2); else the session's deadline timer does.
  const auto timer_f = 64 * std::max(options().t1, std::chrono::milliseconds(1));
  m_give_up = std::min(m_sent + timer_f, m_deadline);
  if (m_sent + timer_f < m_deadline) {
    m_timer_f = add_timer(m_sent + timer_f, [this, timer_f] {
      if (m_result.provisional) {
        finish(ProbeState::provisional_only,
               fmt::format("a provisional {}, then no final answer over UDP before Timer F ({} ms, {} "
                           "retransmissions)",
                           *m_result.provisional, timer_f.count(), m_result.retransmissions));
        return;
      }
      finish(ProbeState::timeout,
             fmt::format("no answer over UDP before Timer F ({} ms, {} retransmissions)", timer_f.count(),
                         m_result.retransmissions));
    });
  }
  send_request();
}

void
UdpProbe::send_followup()
{
  start_transaction();
}

void
UdpProbe::schedule_retransmit(net::TimePoint at)
{
  m_retransmits.push_back(reactor().add_timer(at, [this] {
    ++m_result.retransmissions;
    send_request();
  }));
}

void
UdpProbe::refused_or_failed(int error, std::string_view what)
{
  finish(error == ECONNREFUSED ? ProbeState::refused : ProbeState::network_error,
         error == ECONNREFUSED
           ? fmt::format("ICMP port unreachable from {} port {}: nothing listens on UDP", m_result.address, spec().port)
           : fmt::format("{}: {}", what, std::strerror(error)));
}

void
UdpProbe::send_request()
{
  if (finished()) {
    return;
  }
  const net::IoResult sent = sockets().send(m_fd, m_request);
  if (sent.error != 0 && sent.error != EAGAIN) {
    refused_or_failed(sent.error, "send");
  }
}

void
UdpProbe::on_readable(short /*revents*/)
{
  // Bounded: a few datagrams per event; each is at most one read.
  for (int k = 0; k < k_max_reads_per_event && !finished(); ++k) {
    const std::span<char> buf = m_env.buffer.first(std::min(m_env.buffer.size(), limits::k_max_sip_response + 1));
    const net::IoResult got = sockets().receive_datagram(m_fd, buf);
    if (got.error != 0) {
      if (got.error == EAGAIN || got.error == EINTR) {
        return;
      }
      refused_or_failed(got.error, "receive");
      return;
    }
    if (got.bytes > limits::k_max_sip_response) {
      finish(ProbeState::too_large,
             fmt::format("a datagram of {} bytes is over the limit of {}", got.bytes, limits::k_max_sip_response));
      return;
    }
    handle_message(std::string_view(buf.data(), got.bytes), true);
  }
}

// RFC 3261 §17.1.2.2: after a provisional response the client transaction
// is "Proceeding" and retransmits every T2 until Timer F.
void
UdpProbe::on_provisional()
{
  cancel_retransmits();
  const auto t2 = std::max(options().t2, std::chrono::milliseconds(1));
  auto at = now() + t2;
  // Bounded: at most 64·T1 / T2 + 1 firings before Timer F.
  for (int n = 0; n < 128 && at < m_give_up; ++n, at += t2) {
    schedule_retransmit(at);
  }
}

void
UdpProbe::cancel_retransmits()
{
  for (const auto& t : m_retransmits) {
    reactor().cancel_timer(t);
  }
  m_retransmits.clear();
}

void
UdpProbe::release_transport()
{
  cancel_retransmits();
}

} // namespace sipsurv::probe
