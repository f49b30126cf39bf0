#pragma once

#include "core/probe/probe_session.hpp"
#include "core/sip/stream_framer.hpp"

#include <span>
#include <string_view>

namespace sipsurv::probe {

// OPTIONS over a TCP connection: connect, one request, read until the framer
// cuts out the final answer. TlsProbe puts a TLS channel between the socket
// and the bytes; the rest is the same.
class StreamProbe : public Session
{
public:
  using Session::Session;

protected:
  // What a read or write on the stream needs next; `stop` when it finished the probe.
  enum class Flow { progress, wait_read, wait_write, stop };

  // The TCP connection is up.
  virtual void connected();
  // Move bytes; on failure the transport finishes the probe and returns stop.
  virtual Flow write_some(std::string_view bytes, std::size_t& moved);
  virtual Flow read_some(std::span<char> buffer, std::size_t& got);

  // Build the request and send it.
  void begin_request();

private:
  void connect_now() override;
  void send_followup() override;
  void on_connect(short revents);
  void send_request();
  void on_stream(short revents);
  void read_answer();
  bool wait(Flow flow);

  sip::StreamFramer m_framer;
  std::size_t m_written = 0;
};

} // namespace sipsurv::probe
