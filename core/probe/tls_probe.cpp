#include "core/probe/tls_probe.hpp"

#include "core/tls/trust_hint.hpp"
#include "core/util/ip_literal.hpp"

#include <fmt/format.h>
#include <poll.h>

namespace sipsurv::probe {
namespace {

using Ms = std::chrono::duration<double, std::milli>;

} // namespace

void
TlsProbe::connected()
{
  m_result.phase = ProbePhase::tls;
  m_phase_started = now();
  std::string sni;
  if (spec().sni == SniChoice::domain) {
    sni = identity_domain();
  } else if (spec().sni == SniChoice::target) {
    sni = spec().target;
  }
  if (is_ip_literal(sni)) {
    sni.clear(); // RFC 6066 §3: no IP literals in SNI
  }
  if (m_env.ports.tls == nullptr) {
    finish(ProbeState::tls_failed, "no TLS context for this run");
    return;
  }
  auto channel = m_env.ports.tls->start(m_fd, sni);
  if (!channel) {
    finish(ProbeState::tls_failed, channel.error().message);
    return;
  }
  m_channel = std::move(*channel);
  on_handshake(0);
}

void
TlsProbe::on_handshake(short /*revents*/)
{
  const tls::TlsStep step = m_channel->handshake();
  if (step == tls::TlsStep::want_read || step == tls::TlsStep::want_write) {
    watch_as(step == tls::TlsStep::want_read ? POLLIN : POLLOUT, &TlsProbe::on_handshake);
    return;
  }
  m_result.tls = m_channel->summary(identity_domain(), spec().target, options().now);
  if (step != tls::TlsStep::done) {
    finish(ProbeState::tls_failed,
           m_result.tls->client_cert_missing
             ? fmt::format("{} (the server requires a client certificate: --cert/--key)", m_channel->error())
             : m_channel->error());
    return;
  }
  m_result.timings.tls_ms = Ms(now() - m_phase_started).count();
  if (!m_result.tls->verified && !options().insecure) {
    finish(ProbeState::cert_invalid,
           tls::with_trust_hint(
             fmt::format("certificate not verified: {} (--insecure probes anyway)", m_result.tls->verify_error),
             *m_result.tls));
    return;
  }
  begin_request();
}

TlsProbe::Flow
TlsProbe::flow_of(tls::TlsStep step)
{
  switch (step) {
  case tls::TlsStep::done:
    return Flow::progress;
  case tls::TlsStep::want_read:
    return Flow::wait_read;
  case tls::TlsStep::want_write:
    return Flow::wait_write;
  case tls::TlsStep::closed:
  case tls::TlsStep::failed:
    break;
  }
  io_failed(step);
  return Flow::stop;
}

TlsProbe::Flow
TlsProbe::write_some(std::string_view bytes, std::size_t& moved)
{
  return flow_of(m_channel->write(bytes, moved));
}

TlsProbe::Flow
TlsProbe::read_some(std::span<char> buffer, std::size_t& got)
{
  return flow_of(m_channel->read(buffer, got));
}

// A TLS read or write after the handshake failed: tell a missing client
// certificate (TLS 1.3 reports it only now) from a close and other errors.
void
TlsProbe::io_failed(tls::TlsStep step)
{
  m_result.tls = m_channel->summary(identity_domain(), spec().target, options().now);
  if (m_result.tls->client_cert_missing) {
    finish(ProbeState::tls_failed,
           fmt::format("{} (the server asked for a client certificate and none was given: --cert/--key)",
                       m_channel->error()));
  } else if (step == tls::TlsStep::closed) {
    finish(ProbeState::protocol_error, "the server closed the TLS connection without answering");
  } else {
    finish(ProbeState::tls_failed, m_channel->error());
  }
}

void
TlsProbe::before_finish()
{
  if (m_channel && !m_result.tls) {
    m_result.tls = m_channel->summary(identity_domain(), spec().target, options().now);
  }
}

void
TlsProbe::release_transport()
{
  m_channel.reset(); // free the SSL now: 1000 TLS probes must not pile up sessions
}

} // namespace sipsurv::probe
