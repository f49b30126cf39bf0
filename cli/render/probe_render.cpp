#include "cli/render/probe_render.hpp"

#include "cli/render/resolve_render.hpp"
#include "core/probe/probe_findings.hpp"
#include "core/util/escape.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace sipsurv::cli {
namespace {

using probe::ProbeResult;
using probe::ProbeState;

std::string
esc(std::string_view s)
{
  return escape_for_terminal(s);
}

Json
opt_ms(const std::optional<double>& v)
{
  return v ? Json(std::round(*v * 1000.0) / 1000.0) : Json(nullptr);
}

std::string
ms_text(const std::optional<double>& v)
{
  return v ? fmt::format("{:.1f}", *v) : std::string("-");
}

std::string
rfc3339(std::chrono::sys_seconds t)
{
  return fmt::format("{:%FT%TZ}", t);
}

std::string
status_text(const ProbeResult& r)
{
  if (r.response) {
    return fmt::format("{} {}", r.response->status, esc(r.response->reason));
  }
  return "-";
}

Json
cert_json(const tls::CertInfo& c)
{
  return Json{{"subject", c.subject},
              {"issuer", c.issuer},
              {"common_name", c.common_name},
              {"dns_sans", c.dns_sans},
              {"uri_sans", c.uri_sans},
              {"ip_sans", c.ip_sans},
              {"not_before", rfc3339(c.not_before)},
              {"not_after", rfc3339(c.not_after)},
              {"self_signed", c.self_signed}};
}

Json
tls_json(const tls::TlsSummary& t)
{
  Json chain = Json::array();
  for (const auto& c : t.chain) {
    chain.push_back(cert_json(c));
  }
  return Json{{"sni", t.sni.empty() ? Json(nullptr) : Json(t.sni)},
              {"protocol", t.protocol.empty() ? Json(nullptr) : Json(t.protocol)},
              {"cipher", t.cipher.empty() ? Json(nullptr) : Json(t.cipher)},
              {"verified", t.verified},
              {"verify_error", t.verify_error.empty() ? Json(nullptr) : Json(t.verify_error)},
              {"domain", t.domain},
              {"domain_match",
               Json{{"source", tls::to_string(t.domain_match.source)},
                    {"name", t.domain_match.matched.empty() ? Json(nullptr) : Json(t.domain_match.matched)},
                    {"wildcard_only", t.domain_match.wildcard_only}}},
              {"target", t.target},
              {"target_match", t.target_match},
              {"cert_requested", t.cert_requested},
              {"client_cert_sent", t.client_cert_sent},
              {"client_cert_missing", t.client_cert_missing},
              {"days_left", t.days_left ? Json(*t.days_left) : Json(nullptr)},
              {"chain", chain}};
}

Json
response_json(const sip::SipResponse& s)
{
  return Json{{"status", s.status},
              {"reason", s.reason},
              {"server", s.server},
              {"user_agent", s.user_agent},
              {"allow", s.allow},
              {"supported", s.supported},
              {"via", s.via},
              {"warning", s.warning},
              {"retry_after", s.retry_after ? Json(*s.retry_after) : Json(nullptr)},
              {"contact", s.contact},
              {"size", s.size},
              {"headers", s.header_lines}};
}

std::string
tls_detail(const tls::TlsSummary& t)
{
  std::string out;
  if (!t.protocol.empty()) {
    out += fmt::format("    tls: {} {}, SNI {}, {}\n", t.protocol, t.cipher, t.sni.empty() ? "none" : esc(t.sni),
                       t.verified ? "verified" : fmt::format("NOT verified ({})", esc(t.verify_error)));
  } else if (!t.verify_error.empty()) {
    out += fmt::format("    tls: {}\n", esc(t.verify_error));
  }
  for (std::size_t i = 0; i < t.chain.size(); ++i) {
    const auto& c = t.chain[i];
    out += fmt::format("    cert[{}]: {}\n", i, esc(c.subject));
    out += fmt::format("             issuer {}\n", esc(c.issuer));
    if (i == 0) {
      std::vector<std::string> sans;
      for (const auto& s : c.uri_sans) {
        sans.push_back("URI:" + esc(s));
      }
      for (const auto& s : c.dns_sans) {
        sans.push_back("DNS:" + esc(s));
      }
      for (const auto& s : c.ip_sans) {
        sans.push_back("IP:" + esc(s));
      }
      out += fmt::format("             SAN {}\n", sans.empty() ? "none" : fmt::format("{}", fmt::join(sans, ", ")));
      out += fmt::format("             valid {} to {}{}\n", rfc3339(c.not_before), rfc3339(c.not_after),
                         t.days_left ? fmt::format(" ({} days left)", *t.days_left) : std::string{});
    }
  }
  if (!t.chain.empty()) {
    out += fmt::format(
      "    identity: domain {} {}; target {} {}\n", esc(t.domain),
      t.domain_match.source == tls::IdentitySource::none
        ? std::string("NOT covered")
        : fmt::format("covered by {} {}", tls::to_string(t.domain_match.source), esc(t.domain_match.matched)),
      esc(t.target), t.target_match ? "matches" : "does NOT match");
  }
  if (t.cert_requested) {
    out += fmt::format("    client certificate: requested by the server, {}\n",
                       t.client_cert_sent ? "sent" : (t.client_cert_missing ? "required but none given" : "none sent"));
  }
  return out;
}

} // namespace

Json
probe_result_json(const ProbeResult& r)
{
  return Json{{"target", r.spec.target},
              {"port", r.spec.port},
              {"address", r.address.empty() ? Json(nullptr) : Json(r.address)},
              {"transport", to_string(r.spec.transport)},
              {"role", r.spec.role},
              {"priority", r.spec.priority ? Json(*r.spec.priority) : Json(nullptr)},
              {"weight", r.spec.weight ? Json(*r.spec.weight) : Json(nullptr)},
              {"state", to_string(r.state)},
              {"status", r.response ? Json(r.response->status) : Json(nullptr)},
              {"reason", r.response ? Json(r.response->reason) : Json(nullptr)},
              {"error", r.error.empty() ? Json(nullptr) : Json(r.error)},
              {"phase", to_string(r.phase)},
              {"request_uri", r.request_uri},
              {"max_forwards", r.spec.max_forwards},
              {"resolved", r.resolved},
              {"retransmissions", r.retransmissions},
              {"unmatched", r.unmatched},
              {"provisional", r.provisional ? Json(*r.provisional) : Json(nullptr)},
              {"timings_ms",
               Json{{"dns", opt_ms(r.timings.dns_ms)},
                    {"connect", opt_ms(r.timings.connect_ms)},
                    {"tls", opt_ms(r.timings.tls_ms)},
                    {"sip", opt_ms(r.timings.sip_ms)},
                    {"total", opt_ms(r.timings.total_ms)}}},
              {"response", r.response ? response_json(*r.response) : Json(nullptr)},
              {"tls", r.tls ? tls_json(*r.tls) : Json(nullptr)}};
}

std::string
probe_headline(const ProbeReport& report)
{
  const auto& rs = report.results;
  if (rs.empty()) {
    return "no probes: no server to probe";
  }
  const auto ok = std::count_if(rs.begin(), rs.end(), [](const ProbeResult& r) { return r.state == ProbeState::ok; });
  std::map<std::string_view, std::size_t> others;
  std::size_t not_probed = 0;
  for (const auto& r : rs) {
    if (r.state == ProbeState::not_probed) {
      ++not_probed;
    } else if (r.state != ProbeState::ok) {
      ++others[to_string(r.state)];
    }
  }
  std::string line = fmt::format("{} of {} probe{} answered 2xx", ok, rs.size(), rs.size() == 1 ? "" : "s");
  std::vector<std::string> parts;
  for (const auto& [state, n] : others) {
    parts.push_back(fmt::format("{} {}", n, state));
  }
  if (!parts.empty()) {
    line += fmt::format("; {}", fmt::join(parts, ", "));
  }
  if (not_probed > 0) {
    line += fmt::format("; {} not probed (deadline)", not_probed);
  }
  return line;
}

std::string
render_probe_text(const ProbeReport& report, const TextStyle& style)
{
  std::string out = style.bold(probe_headline(report)) + "\n";
  if (report.site != nullptr) {
    const auto& plan = report.site->plan;
    const std::string what = plan.use_srv ? fmt::format("domain {}", plan.domain)
                                          : fmt::format("SIP server {} port {}", plan.direct_host, plan.direct_port);
    out += fmt::format("{} via {}, transport {}, deadline {} ms, parallel {}\n", what, esc(report.site->resolver),
                       report.transport, report.timeout_ms, report.parallel);
  } else {
    out +=
      fmt::format("transport {}, deadline {} ms, parallel {}\n", report.transport, report.timeout_ms, report.parallel);
  }
  if (report.results.empty()) {
    out += "\nFindings\n";
    out += findings_text(report.findings, style);
    return out;
  }
  std::size_t tw = 6;
  std::size_t aw = 7;
  std::size_t sw = 14;
  for (const auto& r : report.results) {
    tw = std::max(tw, esc(r.spec.target).size());
    aw = std::max(aw, r.address.size());
    sw = std::max(sw, to_string(r.state).size());
  }
  out += fmt::format("\n  {:<{}}  {:>5}  {:<{}}  {:<4}  {:<{}}  {:<28}  {:>8}\n", "target", tw, "port", "address", aw,
                     "tr", "state", sw, "answer", "ms");
  for (const auto& r : report.results) {
    const std::string state = fmt::format("{:<{}}", to_string(r.state), sw);
    const std::string styled = r.state == ProbeState::ok ? style.good(state)
      : probe::answered(r.state)                         ? state
                                                         : style.bad(state);
    out += fmt::format("  {:<{}}  {:>5}  {:<{}}  {:<4}  {}  {:<28}  {:>8}\n", esc(r.spec.target), tw, r.spec.port,
                       r.address.empty() ? "-" : r.address, aw, to_string(r.spec.transport), styled, status_text(r),
                       fmt::format("{:.1f}", r.timings.total_ms));
  }
  out += "\nDetails\n";
  for (const auto& r : report.results) {
    out += fmt::format("  {} [{}]\n", esc(probe::probe_label(r)), r.spec.role);
    out += fmt::format(
      "    timings ms: dns {} connect {} tls {} sip {} total {:.1f}{}\n", ms_text(r.timings.dns_ms),
      ms_text(r.timings.connect_ms), ms_text(r.timings.tls_ms), ms_text(r.timings.sip_ms), r.timings.total_ms,
      r.spec.transport == Transport::udp ? fmt::format("; {} retransmissions", r.retransmissions) : std::string{});
    if (r.unmatched > 0) {
      out += fmt::format("    ignored: {} datagram{} that answered another request\n", r.unmatched,
                         r.unmatched == 1 ? "" : "s");
    }
    if (!r.request_uri.empty()) {
      out += fmt::format("    request: OPTIONS {} (Max-Forwards {})\n", esc(r.request_uri), r.spec.max_forwards);
    }
    if (r.response) {
      const auto& s = *r.response;
      out += fmt::format("    answer: {} {}\n", s.status, esc(s.reason));
      if (!s.server.empty()) {
        out += fmt::format("    Server: {}\n", esc(s.server));
      }
      if (!s.user_agent.empty()) {
        out += fmt::format("    User-Agent: {}\n", esc(s.user_agent));
      }
      if (s.retry_after) {
        out += fmt::format("    Retry-After: {} s\n", *s.retry_after);
      }
      for (const auto& w : s.warning) {
        out += fmt::format("    Warning: {}\n", esc(w));
      }
    } else if (r.provisional) {
      out += fmt::format("    provisional answer only: {}\n", *r.provisional);
    }
    if (r.tls) {
      out += tls_detail(*r.tls);
    }
    if (!r.error.empty()) {
      out += fmt::format("    error: {}\n", esc(r.error));
    }
  }
  out += "\nFindings\n";
  out += findings_text(report.findings, style);
  return out;
}

std::string
render_probe_json(const ProbeReport& report)
{
  Json doc = json_document("probe");
  doc["domain"] =
    report.site != nullptr && !report.site->plan.domain.empty() ? Json(report.site->plan.domain) : Json(nullptr);
  doc["transport"] = report.transport;
  doc["timeout_ms"] = report.timeout_ms;
  doc["parallel"] = report.parallel;
  const auto& rs = report.results;
  const auto ok = std::count_if(rs.begin(), rs.end(), [](const ProbeResult& r) { return r.state == ProbeState::ok; });
  const auto answered =
    std::count_if(rs.begin(), rs.end(), [](const ProbeResult& r) { return probe::answered(r.state); });
  const auto not_probed =
    std::count_if(rs.begin(), rs.end(), [](const ProbeResult& r) { return r.state == ProbeState::not_probed; });
  doc["summary"] = Json{{"probes", rs.size()},      {"ok", ok},
                        {"answered", answered},     {"failed", static_cast<long>(rs.size()) - answered - not_probed},
                        {"not_probed", not_probed}, {"headline", probe_headline(report)}};
  if (report.site != nullptr) {
    doc["dns"] = resolve_json(*report.site);
  }
  Json probes = Json::array();
  for (const auto& r : rs) {
    probes.push_back(probe_result_json(r));
  }
  doc["probes"] = probes;
  doc["findings"] = findings_json(report.findings);
  return dump_json(doc);
}

} // namespace sipsurv::cli
