#include "core/probe/stream_probe.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sipsurv::probe {
namespace {

using Ms = std::chrono::duration<double, std::milli>;

constexpr std::size_t k_read_chunk = 16384;
constexpr int k_max_reads_per_event = 16;

} // namespace

void
StreamProbe::connect_now()
{
  if (!open_socket(net::SocketType::stream)) {
    return;
  }
  watch_as(POLLOUT, &StreamProbe::on_connect);
}

void
StreamProbe::on_connect(short /*revents*/)
{
  const int err = sockets().connect_error(m_fd);
  if (err != 0) {
    finish(err == ECONNREFUSED ? ProbeState::refused : ProbeState::network_error,
           fmt::format("connect to {} port {}: {}", m_result.address, spec().port, std::strerror(err)));
    return;
  }
  m_result.timings.connect_ms = Ms(now() - m_phase_started).count();
  connected();
}

void
StreamProbe::connected()
{
  begin_request();
}

void
StreamProbe::begin_request()
{
  if (prepare_request()) {
    send_request();
  }
}

// The REGISTER after the OPTIONS on the same connection (TLS: through the
// same session), as a phone sends its requests.
void
StreamProbe::send_followup()
{
  m_written = 0;
  send_request();
}

StreamProbe::Flow
StreamProbe::write_some(std::string_view bytes, std::size_t& moved)
{
  const net::IoResult sent = sockets().send(m_fd, bytes);
  moved = sent.bytes;
  if (sent.error == 0) {
    return Flow::progress;
  }
  if (sent.error == EAGAIN) {
    return Flow::wait_write;
  }
  finish(sent.error == ECONNREFUSED || sent.error == ECONNRESET ? ProbeState::refused : ProbeState::network_error,
         fmt::format("send: {}", std::strerror(sent.error)));
  return Flow::stop;
}

StreamProbe::Flow
StreamProbe::read_some(std::span<char> buffer, std::size_t& got)
{
  const net::IoResult r = sockets().receive(m_fd, buffer);
  got = r.bytes;
  if (r.error == EAGAIN || r.error == EINTR) {
    return Flow::wait_read;
  }
  if (r.error != 0) {
    finish(r.error == ECONNRESET ? ProbeState::protocol_error : ProbeState::network_error,
           fmt::format("receive: {}", std::strerror(r.error)));
    return Flow::stop;
  }
  if (r.bytes == 0) {
    finish(ProbeState::protocol_error,
           m_framer.buffered() > 0 ? "the server closed the connection in the middle of an answer"
                                   : "the server closed the connection without answering");
    return Flow::stop;
  }
  return Flow::progress;
}

// Wait as `flow` asks; false when there is nothing to wait for.
bool
StreamProbe::wait(Flow flow)
{
  if (flow == Flow::wait_read || flow == Flow::wait_write) {
    watch_as(flow == Flow::wait_read ? POLLIN : POLLOUT, &StreamProbe::on_stream);
    return true;
  }
  return false;
}

void
StreamProbe::send_request()
{
  if (m_result.phase != ProbePhase::sip) {
    m_result.phase = ProbePhase::sip;
    m_sent = now();
  }
  // Bounded: each pass writes bytes or waits.
  while (m_written < m_request.size()) {
    std::size_t moved = 0;
    const Flow flow = write_some(std::string_view(m_request).substr(m_written), moved);
    if (flow != Flow::progress) {
      wait(flow);
      return;
    }
    m_written += moved;
  }
  watch_as(POLLIN, &StreamProbe::on_stream);
}

void
StreamProbe::on_stream(short /*revents*/)
{
  if (m_written < m_request.size()) {
    send_request();
    return;
  }
  read_answer();
}

void
StreamProbe::read_answer()
{
  const std::span<char> buf = m_env.buffer.first(std::min(m_env.buffer.size(), k_read_chunk));
  // Bounded: the framer fails once a message passes the size limit.
  for (int k = 0; k < k_max_reads_per_event && !finished(); ++k) {
    std::size_t got = 0;
    const Flow flow = read_some(buf, got);
    if (flow != Flow::progress) {
      wait(flow);
      return;
    }
    auto fed = m_framer.feed(std::string_view(buf.data(), got));
    if (!fed) {
      finish(fed.error().code == Errc::limit ? ProbeState::too_large : ProbeState::protocol_error, fed.error().message);
      return;
    }
    // Bounded by the buffered bytes: each message removes at least its header.
    while (!finished()) {
      auto message = m_framer.next();
      if (!message) {
        break;
      }
      handle_message(*message, false);
    }
  }
}

} // namespace sipsurv::probe
