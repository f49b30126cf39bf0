#pragma once

#include "core/probe/probe_session.hpp"

#include <optional>
#include <vector>

namespace sipsurv::probe {

// OPTIONS over UDP: a connected datagram socket (so ICMP port unreachable
// reads as ECONNREFUSED), RFC 3261 §17.1.2.2 retransmissions (Timer E, then
// every T2 once a provisional answer came) until Timer F or the deadline.
class UdpProbe final : public Session
{
public:
  using Session::Session;
  ~UdpProbe() override { release_transport(); }

private:
  void connect_now() override;
  void on_provisional() override;
  void release_transport() override;
  void send_followup() override;

  void start_transaction();
  void send_request();
  void on_readable(short revents);
  void schedule_retransmit(net::TimePoint at);
  void cancel_retransmits();
  void refused_or_failed(int error, std::string_view what);

  std::vector<net::Reactor::TimerId> m_retransmits; // pending Timer E firings
  std::optional<net::Reactor::TimerId> m_timer_f;
  net::TimePoint m_give_up{};
};

} // namespace sipsurv::probe
