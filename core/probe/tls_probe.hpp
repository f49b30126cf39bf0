#pragma once

#include "core/probe/stream_probe.hpp"
#include "core/probe/tls_channel.hpp"

#include <memory>

namespace sipsurv::probe {

// OPTIONS over TLS: the TCP connection of StreamProbe, then the handshake
// through the run's TlsConnector, the certificate checks, and the request
// and answer through the channel.
class TlsProbe final : public StreamProbe
{
public:
  using StreamProbe::StreamProbe;
  ~TlsProbe() override { release_transport(); }

private:
  void connected() override;
  Flow write_some(std::string_view bytes, std::size_t& moved) override;
  Flow read_some(std::span<char> buffer, std::size_t& got) override;
  void before_finish() override;
  void release_transport() override;

  void on_handshake(short revents);
  Flow flow_of(tls::TlsStep step);
  void io_failed(tls::TlsStep step);

  std::unique_ptr<TlsChannel> m_channel;
};

} // namespace sipsurv::probe
