#include "core/status/survivability.hpp"

#include "core/util/join.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::status {
namespace {

// Who answered: the Server header, else User-Agent, else nothing to go by.
std::string
identity(const HopAnswer& h)
{
  return !h.server.empty() ? h.server : h.user_agent;
}

std::string
summary(const HopAnswer& h)
{
  if (!h.status) {
    return fmt::format("Max-Forwards {}: no answer", h.max_forwards);
  }
  const std::string who = identity(h);
  return fmt::format("Max-Forwards {}: {} {}{}", h.max_forwards, *h.status, h.reason,
                     who.empty() ? "" : fmt::format(" from '{}'", who));
}

std::string
all_summaries(const ProxyEvidence& e)
{
  std::vector<std::string> parts;
  for (const auto& h : e.hops) {
    parts.push_back(summary(h));
  }
  return join_limited(parts, "; ", 8);
}

bool
mentions(const HopAnswer& h, const std::string& needle)
{
  auto has = [&](const std::string& s) { return s.find(needle) != std::string::npos; };
  return has(h.server) || has(h.user_agent) || has(h.reason) || std::any_of(h.headers.begin(), h.headers.end(), has);
}

} // namespace

ProxyInference
infer_proxy_mode(const ProxyEvidence& e)
{
  const bool any_answer = std::any_of(e.hops.begin(), e.hops.end(), [](const HopAnswer& h) { return h.status; });
  if (!any_answer) {
    return {ProxyMode::unreachable, all_summaries(e)};
  }
  if (!e.indicator.empty()) {
    for (const auto& h : e.hops) {
      if (h.status && mentions(h, e.indicator)) {
        return {ProxyMode::standing_in,
                fmt::format("indicator '{}' found in the answer ({})", e.indicator, summary(h))};
      }
    }
  }
  const auto zero =
    std::find_if(e.hops.begin(), e.hops.end(), [](const HopAnswer& h) { return h.max_forwards == 0 && h.status; });
  const std::string proxy_id = zero != e.hops.end() ? identity(*zero) : std::string();
  for (const auto& h : e.hops) {
    if (h.max_forwards < 1 || !h.status) {
      continue;
    }
    const std::string id = identity(h);
    const bool from_primary = e.primary_identity && !id.empty() && id == *e.primary_identity;
    const bool from_elsewhere = !proxy_id.empty() && !id.empty() && id != proxy_id;
    if (from_primary || from_elsewhere) {
      return {ProxyMode::relaying,
              fmt::format("{} answered by another element than the proxy ('{}'): {}", summary(h), proxy_id,
                          all_summaries(e))};
    }
  }
  if (!proxy_id.empty()) {
    for (const auto& h : e.hops) {
      if (h.max_forwards >= 1 && h.status && *h.status >= 200 && *h.status < 300 && identity(h) == proxy_id) {
        return {
          ProxyMode::standing_in,
          fmt::format("the proxy answers requests for the primary itself ({}): {}", summary(h), all_summaries(e))};
      }
    }
  }
  return {ProxyMode::unknown, fmt::format("the answers do not tell proxy and primary apart: {}", all_summaries(e))};
}

} // namespace sipsurv::status
