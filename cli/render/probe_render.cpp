#include "cli/render/probe_render.hpp"

#include "cli/render/json_writer.hpp"
#include "cli/render/register_render.hpp"
#include "cli/render/resolve_render.hpp"
#include "cli/render/table.hpp"
#include "cli/render/wrap.hpp"
#include "core/probe/probe_findings.hpp"
#include "core/util/escape.hpp"
#include "core/util/limits.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>
#include <iterator>
#include <map>

namespace sipsurv::cli {
namespace {

// Wide enough for the names a site uses; a longer one continues its row.
constexpr std::size_t k_max_target_column = 36;

using probe::ProbeResult;
using probe::ProbeState;

std::string
esc(std::string_view s)
{
  return escape_for_terminal(s);
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

double
rounded_ms(double v)
{
  return std::round(v * 1000.0) / 1000.0;
}

void
write_ms(JsonWriter& w, const std::optional<double>& v)
{
  v ? w.value(rounded_ms(*v)) : w.null();
}

void
write_cert(JsonWriter& w, const tls::CertInfo& c)
{
  w.begin_object();
  w.key("subject").string_or_null(c.subject);
  w.key("issuer").string_or_null(c.issuer);
  w.key("common_name").string_or_null(c.common_name);
  w.key("dns_sans").value(c.dns_sans);
  w.key("uri_sans").value(c.uri_sans);
  w.key("ip_sans").value(c.ip_sans);
  w.key("sans_truncated").value(c.sans_truncated);
  w.key("not_before").value(rfc3339(c.not_before));
  w.key("not_after").value(rfc3339(c.not_after));
  w.key("self_signed").value(c.self_signed);
  w.end_object();
}

void
write_tls(JsonWriter& w, const tls::TlsSummary& t)
{
  w.begin_object();
  w.key("sni").string_or_null(t.sni);
  w.key("protocol").string_or_null(t.protocol);
  w.key("cipher").string_or_null(t.cipher);
  w.key("verified").value(t.verified);
  w.key("verify_error").string_or_null(t.verify_error);
  w.key("domain").value(t.domain);
  w.key("domain_match").begin_object();
  w.key("source").value(tls::to_string(t.domain_match.source));
  w.key("name").string_or_null(t.domain_match.matched);
  w.key("wildcard_only").value(t.domain_match.wildcard_only);
  w.end_object();
  w.key("target").value(t.target);
  w.key("target_match").value(t.target_match);
  w.key("cert_requested").value(t.cert_requested);
  w.key("client_cert_sent").value(t.client_cert_sent);
  w.key("client_cert_missing").value(t.client_cert_missing);
  w.key("days_left").value(t.days_left);
  w.key("chain").begin_array();
  for (const auto& c : t.chain) {
    write_cert(w, c);
  }
  w.end_array();
  w.key("chain_truncated").value(t.chain_truncated);
  w.end_object();
}

void
write_response(JsonWriter& w, const sip::SipResponse& s)
{
  w.begin_object();
  w.key("status").value(s.status);
  w.key("reason").string_or_null(s.reason);
  w.key("server").string_or_null(s.server);
  w.key("user_agent").string_or_null(s.user_agent);
  w.key("allow").string_or_null(s.allow);
  w.key("supported").string_or_null(s.supported);
  w.key("via").value(s.via);
  w.key("warning").value(s.warning);
  // Milliseconds, as every other duration in the JSON output.
  s.retry_after ? w.key("retry_after_ms").value(static_cast<std::uint64_t>(*s.retry_after) * 1000U)
                : w.key("retry_after_ms").null();
  w.key("contact").string_or_null(s.contact);
  w.key("size").value(s.size);
  w.key("headers").value(s.header_lines);
  w.end_object();
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
      out +=
        fmt::format("             SAN {}{}\n", sans.empty() ? "none" : fmt::format("{}", fmt::join(sans, ", ")),
                    c.sans_truncated ? fmt::format(" (list cut after {} names: max_cert_sans)", limits::k_max_cert_sans)
                                     : std::string{});
      out += fmt::format("             valid {} to {}{}\n", rfc3339(c.not_before), rfc3339(c.not_after),
                         t.days_left ? fmt::format(" ({} days left)", *t.days_left) : std::string{});
    }
  }
  if (t.chain_truncated) {
    out += fmt::format("    chain: more than {} certificates; the rest not shown (max_cert_chain)\n",
                       limits::k_max_cert_chain);
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

void
write_probe_result(JsonWriter& w, const ProbeResult& r)
{
  w.begin_object();
  w.key("target").value(r.spec.target);
  w.key("port").value(r.spec.port);
  w.key("address").string_or_null(r.address);
  w.key("transport").value(to_string(r.spec.transport));
  w.key("role").value(r.spec.role);
  w.key("priority").value(r.spec.priority);
  w.key("weight").value(r.spec.weight);
  w.key("state").value(to_string(r.state));
  r.response ? w.key("status").value(r.response->status) : w.key("status").null();
  r.response ? w.key("reason").string_or_null(r.response->reason) : w.key("reason").null();
  w.key("error").string_or_null(r.error);
  w.key("phase").value(to_string(r.phase));
  w.key("request_uri").string_or_null(r.request_uri);
  w.key("max_forwards").value(r.spec.max_forwards);
  w.key("resolved").value(r.resolved);
  w.key("retransmissions").value(r.retransmissions);
  w.key("unmatched").value(r.unmatched);
  w.key("provisional").value(r.provisional);
  w.key("timings_ms").begin_object();
  write_ms(w.key("dns"), r.timings.dns_ms);
  write_ms(w.key("connect"), r.timings.connect_ms);
  write_ms(w.key("tls"), r.timings.tls_ms);
  write_ms(w.key("sip"), r.timings.sip_ms);
  write_ms(w.key("total"), r.timings.total_ms);
  w.end_object();
  r.response ? write_response(w.key("response"), *r.response) : w.key("response").null();
  r.tls ? write_tls(w.key("tls"), *r.tls) : w.key("tls").null();
  write_register(w.key("register"), r.registrar);
  w.end_object();
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
  const std::size_t w = style.width;
  std::string out = style.bold(wrap(probe_headline(report), w, "", 2)) + "\n";
  if (report.site != nullptr) {
    const auto& plan = report.site->plan;
    const std::string what = plan.use_srv
      ? fmt::format("domain {}", esc(plan.domain))
      : fmt::format("SIP server {} port {}", esc(plan.direct_host), plan.direct_port);
    out += wrap(fmt::format("{} via {}, transport {}, deadline {} ms, parallel {}", what, esc(report.site->resolver),
                            report.transport, report.timeout_ms, report.parallel),
                w, "", 2) +
      "\n";
  } else {
    out += wrap(fmt::format("transport {}, deadline {} ms, parallel {}", report.transport, report.timeout_ms,
                            report.parallel),
                w, "", 2) +
      "\n";
  }
  if (report.results.empty()) {
    out += "\nFindings\n";
    out += findings_text(report.findings, style);
    return out;
  }
  // Columns sized from their cells (the target capped: a longer one continues
  // its row on the next line, table.hpp); the answer, free text, comes last.
  std::vector<std::array<std::string, 7>> rows;
  rows.push_back({"target", "port", "address", "tr", "state", "ms", "answer"});
  for (const auto& r : report.results) {
    rows.push_back({esc(r.spec.target), fmt::format("{}", r.spec.port), r.address.empty() ? "-" : r.address,
                    std::string(to_string(r.spec.transport)), std::string(to_string(r.state)),
                    fmt::format("{:.1f}", r.timings.total_ms), status_text(r)});
  }
  std::array<Column, 7> cols{Column{}, Column{0, true}, Column{}, Column{}, Column{}, Column{0, true}, Column{}};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < 6; ++i) {
      cols[i].width = std::max(cols[i].width, columns(row[i]));
    }
  }
  cols[0].width = std::min<std::size_t>(cols[0].width, k_max_target_column);
  const std::array<std::size_t, 7> gaps{2, 2, 2, 2, 2, 2, 0};
  out += "\n" + table_row(rows[0], cols, gaps, 2, w);
  for (std::size_t i = 0; i < report.results.size(); ++i) {
    const auto& r = report.results[i];
    auto& row = rows[i + 1];
    row[4] = r.state == ProbeState::ok ? style.good(row[4]) : probe::answered(r.state) ? row[4] : style.bad(row[4]);
    out += table_row(row, cols, gaps, 2, w);
  }
  // Header values and certificate names stay one line each, as received
  // (escaped): they are quoted evidence, compared with a capture or grepped.
  out += "\nDetails\n";
  for (const auto& r : report.results) {
    fmt::format_to(std::back_inserter(out), "  {} [{}]\n", esc(probe::probe_label(r)), r.spec.role);
    out += hanging_line(
      "    timings ms: ",
      fmt::format(
        "dns {} connect {} tls {} sip {} total {:.1f}{}", ms_text(r.timings.dns_ms), ms_text(r.timings.connect_ms),
        ms_text(r.timings.tls_ms), ms_text(r.timings.sip_ms), r.timings.total_ms,
        r.spec.transport == Transport::udp ? fmt::format("; {} retransmissions", r.retransmissions) : std::string{}),
      w);
    if (r.unmatched > 0) {
      fmt::format_to(std::back_inserter(out), "    ignored: {} datagram{} that answered another request\n", r.unmatched,
                     r.unmatched == 1 ? "" : "s");
    }
    if (!r.request_uri.empty()) {
      fmt::format_to(std::back_inserter(out), "    request: OPTIONS {} (Max-Forwards {})\n", esc(r.request_uri),
                     r.spec.max_forwards);
    }
    if (r.response) {
      const auto& s = *r.response;
      fmt::format_to(std::back_inserter(out), "    answer: {} {}\n", s.status, esc(s.reason));
      if (!s.server.empty()) {
        fmt::format_to(std::back_inserter(out), "    Server: {}\n", esc(s.server));
      }
      if (!s.user_agent.empty()) {
        fmt::format_to(std::back_inserter(out), "    User-Agent: {}\n", esc(s.user_agent));
      }
      if (s.retry_after) {
        fmt::format_to(std::back_inserter(out), "    Retry-After: {} s\n", *s.retry_after);
      }
      for (const auto& warning : s.warning) {
        fmt::format_to(std::back_inserter(out), "    Warning: {}\n", esc(warning));
      }
    } else if (r.provisional) {
      fmt::format_to(std::back_inserter(out), "    provisional answer only: {}\n", *r.provisional);
    }
    if (r.tls) {
      out += tls_detail(*r.tls);
    }
    if (!r.error.empty()) {
      out += hanging_line("    error: ", esc(r.error), w);
    }
    if (r.registrar) {
      out += hanging_line("    registrar: ", register_text(*r.registrar), w);
    }
  }
  out += "\nFindings\n";
  out += findings_text(report.findings, style);
  return out;
}

void
write_probe_json(const ProbeReport& report, const std::function<void(std::string_view)>& sink)
{
  // Written as it goes (json_writer.hpp) and handed on in pieces: the tree
  // of 4096 probes, or the whole 5 MB text, cost more than the probes.
  constexpr std::size_t k_piece = std::size_t{64} * 1024;
  std::string out;
  out.reserve(k_piece + std::size_t{16} * 1024);
  const auto hand_on = [&](std::size_t at_least) {
    if (out.size() >= at_least) {
      sink(out);
      out.clear();
    }
  };
  JsonWriter w(out);
  w.begin_object();
  const Json head = json_document("probe"); // named: items() must not outlive it
  for (const auto& [name, value] : head.items()) {
    w.key(name).json(value);
  }
  report.site != nullptr && !report.site->plan.domain.empty() ? w.key("domain").value(report.site->plan.domain)
                                                              : w.key("domain").null();
  w.key("transport").value(report.transport);
  w.key("timeout_ms").value(report.timeout_ms);
  w.key("parallel").value(report.parallel);
  const auto& rs = report.results;
  const auto ok = std::count_if(rs.begin(), rs.end(), [](const ProbeResult& r) { return r.state == ProbeState::ok; });
  const auto answered =
    std::count_if(rs.begin(), rs.end(), [](const ProbeResult& r) { return probe::answered(r.state); });
  const auto not_probed =
    std::count_if(rs.begin(), rs.end(), [](const ProbeResult& r) { return r.state == ProbeState::not_probed; });
  w.key("summary").begin_object();
  w.key("probes").value(rs.size());
  w.key("ok").value(ok);
  w.key("answered").value(answered);
  w.key("failed").value(static_cast<long>(rs.size()) - answered - not_probed);
  w.key("not_probed").value(not_probed);
  w.key("headline").value(probe_headline(report));
  w.end_object();
  if (report.site != nullptr) {
    w.key("dns").json(resolve_json(*report.site));
  }
  w.key("probes").begin_array();
  for (const auto& r : rs) {
    write_probe_result(w, r);
    hand_on(k_piece);
  }
  w.end_array();
  w.key("findings").json(findings_json(report.findings));
  w.end_object();
  out += '\n';
  hand_on(1);
}

std::string
render_probe_json(const ProbeReport& report)
{
  std::string text;
  write_probe_json(report, [&text](std::string_view piece) { text += piece; });
  return text;
}

} // namespace sipsurv::cli
