#include "core/probe/probe_run.hpp"

#include "core/probe/probe_session.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <deque>
#include <memory>

namespace sipsurv::probe {
namespace {

// The least time a probe starts with when probes wait for slots: less would
// end most probes before any server could answer.
constexpr std::chrono::milliseconds k_min_share{200};

// The scheduler: a queue of specs, at most `parallel` sessions in flight,
// one deadline for the run.
class Run
{
public:
  Run(const ProbePorts& ports, const ProbeOptions& options, std::vector<ProbeResult>& results)
      : m_ports(ports), m_options(options), m_results(results), m_buffer(limits::k_max_sip_response + 1),
        m_env{ports, options, m_buffer, {}}
  {}

  ~Run()
  {
    m_sessions.clear(); // closes sockets and frees TLS sessions before the ports go
  }

  void run()
  {
    const net::TimePoint started = m_ports.clock.now();
    m_deadline = std::min(m_options.deadline, started + m_options.timeout);
    m_env.run_deadline = m_deadline;
    m_sessions.resize(m_results.size());
    for (std::size_t i = 0; i < m_results.size(); ++i) {
      m_queue.push_back(i);
    }
    fill_slots();
    report_progress();
    // Bounded by the deadline: run_once never waits past it.
    while (m_active > 0 && m_ports.clock.now() < m_deadline) {
      if (!m_ports.reactor.run_once(m_deadline)) {
        break;
      }
      fill_slots();
      report_progress();
    }
    for (auto& s : m_sessions) {
      if (s && !s->finished()) {
        s->expire();
      }
    }
    // Never given a slot: not probed, which says nothing about the server.
    for (const std::size_t i : m_queue) {
      auto& r = m_results[i];
      r.state = ProbeState::not_probed;
      r.phase = ProbePhase::queued;
      r.error = fmt::format("not probed: the {} ms deadline came before a slot was free ({} probes for --parallel "
                            "{}; raise --parallel or --timeout)",
                            m_options.timeout.count(), m_results.size(), slots());
    }
    m_queue.clear();
    report_progress(true);
  }

private:
  void report_progress(bool finished = false) const
  {
    if (!m_options.on_progress) {
      return;
    }
    const auto now = m_ports.clock.now();
    ProbeProgress p;
    p.in_flight = m_active;
    p.queued = m_queue.size();
    p.done = m_results.size() - p.in_flight - p.queued;
    p.left = now < m_deadline ? std::chrono::duration_cast<std::chrono::milliseconds>(m_deadline - now)
                              : std::chrono::milliseconds(0);
    p.finished = finished;
    m_options.on_progress(p);
  }

  std::size_t slots() const { return std::max<std::size_t>(1, m_options.parallel); }

  // Fair shares (the man page, "probe"): with more probes unfinished than
  // slots, each probe that starts gets (time left) x slots / (probes
  // unfinished), at least k_min_share, and never past the deadline; so
  // dead targets hold a slot for their share only and cannot starve the
  // live ones queued behind them. A probe finishing early leaves its time
  // to the later ones. With less than k_min_share left and more probes
  // than slots, the rest are not probed.
  void fill_slots()
  {
    // Bounded by the queue; a session that finishes at once frees its slot.
    while (!m_queue.empty() && m_active < slots()) {
      const net::TimePoint now = m_ports.clock.now();
      if (now >= m_deadline) {
        return;
      }
      const auto left = m_deadline - now;
      const std::size_t unfinished = m_queue.size() + m_active;
      net::TimePoint end = m_deadline;
      std::string budget = fmt::format("the {} ms deadline", m_options.timeout.count());
      if (unfinished > slots()) {
        if (left < k_min_share) {
          return;
        }
        const auto share = std::max<net::TimePoint::duration>(
          left * static_cast<std::int64_t>(slots()) / static_cast<std::int64_t>(unfinished), k_min_share);
        if (share < left) {
          end = now + share;
          budget = fmt::format("its {} ms share of the {} ms deadline ({} probes for --parallel {})",
                               std::chrono::duration_cast<std::chrono::milliseconds>(share).count(),
                               m_options.timeout.count(), unfinished, slots());
        }
      }
      const std::size_t i = m_queue.front();
      m_queue.pop_front();
      m_sessions[i] = make_session(m_env, m_results[i], [this] { --m_active; });
      ++m_active;
      m_sessions[i]->start(end, std::move(budget));
    }
  }

  const ProbePorts& m_ports;
  const ProbeOptions& m_options;
  std::vector<ProbeResult>& m_results;
  std::vector<char> m_buffer;
  ProbeEnv m_env;
  std::vector<std::unique_ptr<Session>> m_sessions;
  std::deque<std::size_t> m_queue;
  std::size_t m_active = 0;
  net::TimePoint m_deadline{};
};

} // namespace

std::vector<ProbeResult>
run_probes_with(const std::vector<ProbeSpec>& specs, const ProbeOptions& options, const ProbePorts& ports)
{
  std::vector<ProbeResult> results(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    results[i].spec = specs[i];
  }
  Run run(ports, options, results);
  run.run();
  return results;
}

} // namespace sipsurv::probe
