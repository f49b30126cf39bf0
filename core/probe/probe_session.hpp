#pragma once

// One probe's life, common to every transport: [dns] → connect → [tls] →
// request → answer → done. The transports (udp_probe, stream_probe,
// tls_probe) fill in how a socket connects, sends and receives.

#include "core/probe/probe_run.hpp"
#include "core/probe/response_match.hpp"
#include "core/sip/options_template.hpp"

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::probe {

// What every session of one run shares.
struct ProbeEnv {
  const ProbePorts& ports;
  const ProbeOptions& options;
  std::span<char> buffer; // one receive buffer for the run (one thread: one read at a time)
  net::TimePoint run_deadline;
  // The OPTIONS request of each shape seen in the run (transport,
  // Max-Forwards), made once by sofia-sip and filled per probe.
  std::map<std::string, sip::OptionsTemplate, std::less<>> requests{};
};

class Session
{
public:
  Session(ProbeEnv& env, ProbeResult& result, std::function<void()> on_finished);
  virtual ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Start now; the session ends by `deadline` at the latest. `budget` names
  // that time in messages: "the 5000 ms deadline", "its 545 ms share of …".
  void start(net::TimePoint deadline, std::string budget);
  // The deadline passed: end with what the phase it is in tells.
  void expire();
  bool finished() const { return m_finished; }

protected:
  // The address is known (m_result.address) and safe: open a socket and go on.
  virtual void connect_now() = 0;
  // A provisional answer came (UDP restarts its retransmissions).
  virtual void on_provisional() {}
  // Send m_request (already built, m_ids and m_sent set) on the socket or
  // connection the OPTIONS used, as a new client transaction, and wait for
  // its answer: the registrar check's REGISTER.
  virtual void send_followup() = 0;

  net::TimePoint now() const { return m_env.ports.clock.now(); }
  net::Reactor& reactor() { return m_env.ports.reactor; }
  net::Sockets& sockets() { return m_env.ports.sockets; }
  const ProbeOptions& options() const { return m_env.options; }
  const ProbeSpec& spec() const { return m_result.spec; }
  net::Endpoint remote() const { return {m_result.address, m_result.spec.port}; }

  // Open a socket of `type` to the address and start connecting; false (and
  // finished) when that failed at once.
  bool open_socket(net::SocketType type);
  void watch(short events, void (Session::*handler)(short));
  template <typename T>
  void watch_as(short events, void (T::*handler)(short))
  {
    watch(events, static_cast<void (Session::*)(short)>(handler));
  }
  net::Reactor::TimerId add_timer(net::TimePoint at, std::function<void()> fn);
  void cancel_timer(const net::Reactor::TimerId& id);

  // Build the OPTIONS request for this socket; false (and finished) when it
  // cannot be built.
  bool prepare_request();
  // One complete message from the peer: a datagram, or one cut out of the stream.
  void handle_message(std::string_view bytes, bool datagram);
  void finish(ProbeState state, std::string error);
  // The SIP domain a certificate must cover (RFC 5922): the spec's, else the target.
  std::string identity_domain() const;

  ProbeEnv& m_env;
  ProbeResult& m_result;
  int m_fd = -1;
  std::string m_request;
  RequestIds m_ids; // of the request sent
  net::TimePoint m_started{};
  net::TimePoint m_phase_started{};
  net::TimePoint m_sent{};
  net::TimePoint m_deadline{};
  std::string m_budget;

private:
  // The registrar check's stages (register_step.cpp): the OPTIONS first;
  // then a REGISTER without credentials; then, for a challenge when
  // credentials are given, one with them; then done.
  enum class Stage { options, register_plain, register_auth, register_done };
  // The OPTIONS succeeded: send the REGISTER; false when none was sent
  // (m_result.registrar says why).
  bool start_register();
  // Build the REGISTER (with an authorization header when given) and send it.
  bool send_register(std::string auth_header, std::string auth_value);
  // A final answer to a REGISTER: classify it, or answer its challenge.
  void register_answered(sip::SipResponse response);
  // The OPTIONS result again, after the REGISTER ended one way or another.
  void finish_after_register();

  void resolved(const dns::HostAddresses& host);
  // Never send to an address or port net::unsafe_destination refuses.
  void connect_if_safe();
  // Last words of the transport before the result is final (TLS: the summary).
  virtual void before_finish() {}
  // Release the transport's own timers and state; its destructor does the same.
  virtual void release_transport() {}
  // The common part: timers, the watch, the socket.
  void close_common();

  Stage m_stage = Stage::options;
  sip::OptionsParams m_params; // of the last request built
  ProbeState m_options_state = ProbeState::ok;
  double m_options_total_ms = 0;
  net::TimePoint m_register_sent{};
  std::optional<int> m_options_provisional;
  unsigned m_options_retransmissions = 0;
  std::function<void()> m_on_finished;
  std::vector<net::Reactor::TimerId> m_timers;
  bool m_finished = false;
};

// Whether the registrar check runs for this probe: when it is on, for every
// role but a proxy trace's hops (whose Max-Forwards stops the request early).
bool checks_registrar(const ProbeSpec& spec, const ProbeOptions& options);

// The address-of-record the REGISTER names in To and From: sip:USER@DOMAIN
// with --auth-user, else sip:sipsurv@DOMAIN (a neutral user that binds
// nothing: the request has no Contact). DOMAIN is the SIP domain, else the
// target (an IPv6 literal in brackets).
std::string register_aor(const ProbeSpec& spec, const RegisterCheck& check);

// A session for the spec's transport.
std::unique_ptr<Session> make_session(ProbeEnv& env, ProbeResult& result, std::function<void()> on_finished);

} // namespace sipsurv::probe
