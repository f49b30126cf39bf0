#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>

namespace sipsurv::cli {
namespace {

// Draws the line and clears it when the run ends, so the report starts on
// a clean terminal line. One display serves every run of a command (the
// rounds of status share one session): each run starts its own second.
class ProgressLine
{
public:
  void update(const probe::ProbeProgress& p)
  {
    using namespace std::chrono_literals;
    const auto now = std::chrono::steady_clock::now();
    if (m_idle) {
      m_idle = false;
      m_started = now;
    }
    if (p.finished) {
      if (m_drawn) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
      }
      m_drawn = false;
      m_idle = true;
      return;
    }
    // A run that ends within a second shows nothing; then ten updates a
    // second at most (a terminal write per reactor turn would cost more
    // than the probes).
    if (now - m_started < 1s || (m_drawn && now - m_last < 100ms)) {
      return;
    }
    m_last = now;
    m_drawn = true;
    std::fputs(fmt::format("\r\033[K{}", progress_text(p)).c_str(), stderr);
    std::fflush(stderr);
  }

private:
  std::chrono::steady_clock::time_point m_started{};
  bool m_idle = true;
  std::chrono::steady_clock::time_point m_last{};
  bool m_drawn = false;
};

} // namespace

std::string
progress_text(const probe::ProbeProgress& p)
{
  const std::size_t total = p.done + p.in_flight + p.queued;
  std::string out = fmt::format("probing: {}/{} done, {} in flight", p.done, total, p.in_flight);
  if (p.queued > 0) {
    out += fmt::format(", {} waiting", p.queued);
  }
  out += fmt::format(", {:.1f} s left", static_cast<double>(p.left.count()) / 1000.0);
  return out;
}

std::function<void(const probe::ProbeProgress&)>
progress_display(const OutputArgs& out)
{
  if (out.format != Format::text || isatty(STDERR_FILENO) == 0) {
    return {};
  }
  auto line = std::make_shared<ProgressLine>();
  return [line](const probe::ProbeProgress& p) { line->update(p); };
}

} // namespace sipsurv::cli
