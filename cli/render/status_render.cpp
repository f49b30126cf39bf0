#include "cli/render/status_render.hpp"

#include "cli/render/resolve_render.hpp"
#include "cli/render/simulate_render.hpp"
#include "cli/render/table.hpp"
#include "cli/render/wrap.hpp"
#include "core/model/timeline.hpp"
#include "core/util/escape.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

namespace sipsurv::cli {
namespace {

// Wide enough for the names a site uses; a longer one continues its row.
constexpr std::size_t k_max_server_column = 40;

std::string
esc(std::string_view s)
{
  return escape_for_terminal(s);
}

std::string
answer_text(const status::ProbeRow& r)
{
  if (r.status) {
    return esc(fmt::format("{} {}", *r.status, r.reason));
  }
  return r.error.empty() ? std::string("-") : esc(r.error);
}

std::string
ms_text(const std::optional<double>& ms)
{
  return ms ? fmt::format("{:.1f}", *ms) : std::string("-");
}

void
probes_section(std::string& out, const status::SiteCheck& check, const StatusContext& ctx, const TextStyle& style)
{
  out += fmt::format("Probes (SIP OPTIONS, timeout {:g} s)\n", ctx.timeout_s);
  if (check.summary.probes.empty()) {
    out += "  none: no server to probe\n";
    return;
  }
  // Columns sized from their cells; the server column is capped so one long
  // name continues its row on the next line instead of widening every row
  // (table.hpp). The answer, free text, comes last.
  std::vector<std::array<std::string, 7>> rows;
  rows.push_back({"role", "server", "address", "via", "state", "ms", "answer"});
  for (const auto& r : check.summary.probes) {
    rows.push_back({r.role, fmt::format("{}:{}", esc(r.target), r.port), r.address.empty() ? "-" : r.address,
                    std::string(to_string(r.transport)), r.state, ms_text(r.rtt_ms), answer_text(r)});
  }
  std::array<Column, 7> cols{Column{7}, Column{}, Column{}, Column{}, Column{}, Column{0, true}, Column{}};
  for (const auto& row : rows) {
    for (std::size_t i = 1; i < 6; ++i) {
      cols[i].width = std::max(cols[i].width, columns(row[i]));
    }
  }
  cols[1].width = std::min<std::size_t>(cols[1].width, k_max_server_column);
  const std::array<std::size_t, 7> gaps{1, 1, 1, 1, 1, 2, 0};
  const std::size_t w = style.width;
  out += table_row(rows[0], cols, gaps, 2, w);
  for (std::size_t i = 0; i < check.summary.probes.size(); ++i) {
    const auto& r = check.summary.probes[i];
    auto row = rows[i + 1];
    row[4] = r.state == "ok" ? style.good(row[4]) : style.bad(row[4]);
    out += table_row(row, cols, gaps, 2, w);
    if (r.cert_days_left) {
      out += hanging_line("          ", fmt::format("certificate valid for {} more day(s)", *r.cert_days_left), w);
    }
    if (!r.register_state.empty()) {
      std::string reg = r.register_state;
      if (r.register_status) {
        reg += fmt::format(": {} {}", *r.register_status, esc(r.register_reason));
      } else if (!r.register_error.empty()) {
        reg += fmt::format(": {}", esc(r.register_error));
      }
      out += hanging_line("          registrar ", reg, w);
    }
    if (r.cert_sans_truncated) {
      out += hanging_line("          ",
                          fmt::format("certificate names cut after {} (max_cert_sans): identity checked on those",
                                      limits::k_max_cert_sans),
                          w);
    }
  }
}

void
proxy_section(std::string& out, const status::SiteCheck& check, std::size_t w)
{
  const auto& p = check.summary.proxy;
  if (p.mode == status::ProxyMode::not_configured) {
    return;
  }
  out += "\n" +
    wrap(fmt::format("Survivability proxy {}{}: {}", esc(check.proxy_target), check.proxy_detected ? " (detected)" : "",
                     to_string(p.mode)),
         w, "", 2) +
    "\n";
  for (const auto& h : check.proxy_hops) {
    const std::string who =
      h.response ? esc(!h.response->server.empty() ? h.response->server : h.response->user_agent) : std::string();
    out += hanging_line(fmt::format("  Max-Forwards {}: ", h.spec.max_forwards),
                        fmt::format("{}{}",
                                    h.response ? esc(fmt::format("{} {}", h.response->status, h.response->reason))
                                               : std::string(probe::to_string(h.state)),
                                    who.empty() ? "" : fmt::format(" from \"{}\"", who)),
                        w);
  }
  out += hanging_line("  inferred from: ", esc(p.evidence), w);
}

void
simulation_section(std::string& out, const status::SiteCheck& check, std::size_t width)
{
  const auto& sim = check.simulation;
  out += "\nSimulation (the phone model on what answered)\n";
  out += hanging_line("  now: ", esc(sim.where), width);
  if (!sim.if_current_fails) {
    return;
  }
  const auto& w = *sim.if_current_fails;
  const auto& o = w.outage;
  out += wrap(fmt::format("if {} stops answering now: {}", esc(w.failed),
                          w.next.empty() ? "nothing takes over: out of service" : "the phone moves to " + esc(w.next)),
              width, "  ", 4) +
    "\n";
  if (o.unbounded) {
    out += "  outgoing calls fail until a server comes back\n";
  } else {
    out += wrap(fmt::format("outgoing calls fail for {} (best) to {} (worst)", model::seconds_text(o.best),
                            model::seconds_text(o.worst)),
                width, "  ", 4) +
      "\n";
  }
  if (!o.noticed_best.empty()) {
    out += hanging_line("  noticed: ", fmt::format("best {}; worst {}", o.noticed_best, o.noticed_worst), width);
  }
  for (const auto& part : o.dominating) {
    out += hanging_line("  dominated by: ", fmt::format("{} ({})", part.setting, model::seconds_text(part.ms)), width);
  }
  out += hanging_line("  rule: ", model::rule_label(o.rule), width);
}

Json
probes_json(const status::SiteCheck& check)
{
  Json arr = Json::array();
  for (const auto& r : check.summary.probes) {
    arr.push_back(
      Json{{"role", r.role},
           {"target", r.target},
           {"port", r.port},
           {"address", str_or_null(r.address)},
           {"transport", to_string(r.transport)},
           {"state", r.state},
           {"status", r.status ? Json(*r.status) : Json()},
           {"reason", r.status ? str_or_null(r.reason) : Json()},
           {"rtt_ms", r.rtt_ms ? Json(*r.rtt_ms) : Json()},
           {"cert_days_left", r.cert_days_left ? Json(*r.cert_days_left) : Json()},
           {"cert_sans_truncated", r.cert_sans_truncated},
           {"error", str_or_null(r.error)},
           {"register",
            r.register_state.empty() ? Json()
                                     : Json{{"state", r.register_state},
                                            {"status", r.register_status ? Json(*r.register_status) : Json()},
                                            {"reason", r.register_status ? str_or_null(r.register_reason) : Json()},
                                            {"error", str_or_null(r.register_error)}}}});
  }
  return arr;
}

Json
proxy_json(const status::SiteCheck& check)
{
  const auto& p = check.summary.proxy;
  if (p.mode == status::ProxyMode::not_configured) {
    return Json();
  }
  Json hops = Json::array();
  for (const auto& h : check.proxy_hops) {
    hops.push_back(Json{{"max_forwards", h.spec.max_forwards},
                        {"state", probe::to_string(h.state)},
                        {"status", h.response ? Json(h.response->status) : Json()},
                        {"reason", h.response ? str_or_null(h.response->reason) : Json()},
                        {"server", h.response ? str_or_null(h.response->server) : Json()}});
  }
  return Json{{"target", check.proxy_target},
              {"detected", check.proxy_detected},
              {"mode", to_string(p.mode)},
              {"evidence", p.evidence},
              {"hops", hops}};
}

Json
simulation_json(const status::SiteCheck& check)
{
  const auto& sim = check.simulation;
  return Json{{"on_backup", sim.on_backup},
              {"out_of_service", sim.out_of_service},
              {"survivable_mode", sim.survivable_mode},
              {"where", str_or_null(sim.where)},
              {"if_current_fails", sim.if_current_fails ? what_if_json(*sim.if_current_fails) : Json()}};
}

Json
serving_json(const status::SiteCheck& check)
{
  const auto& v = check.summary.verdict;
  if (!v.serving || *v.serving >= check.dns.servers.size()) {
    return Json();
  }
  const auto& s = check.dns.servers[*v.serving];
  return Json{{"target", s.target}, {"port", s.port}, {"priority", s.priority}};
}

} // namespace

std::string
status_headline(const status::SiteCheck& check)
{
  const auto& v = check.summary.verdict;
  return fmt::format("{}: {}", to_string(v.state), esc(v.reason));
}

std::string
render_status_text(const status::SiteCheck& check, const StatusContext& ctx, const TextStyle& style)
{
  const auto& sum = check.summary;
  const std::size_t w = style.width;
  // The state word and the start of the reason stay on the first line (what
  // `head -1` and the integration tests read); the reason wraps under it.
  std::string out = style.bold(wrap(status_headline(check), w, "", 2)) + "\n";
  const std::vector<std::string> header{fmt::format("sipsurv {}", SIPSURV_VERSION), ctx.time_utc,
                                        "domain " + esc(sum.domain), "resolver " + esc(check.dns.resolver)};
  out += wrap_items(header, "  ", w, "", 2) + "\n";
  if (!ctx.replay_text.empty()) {
    out += wrap(ctx.replay_text, w, "", 2) + "\n";
  }
  std::vector<std::string> settings;
  for (const auto& option : ctx.settings) {
    settings.push_back(esc(option));
  }
  if (settings.empty()) {
    settings.emplace_back("the phone's defaults");
  }
  out += wrap_items(settings, " ", w, "settings: ", 10) + "\n";
  out += hanging_line("phone model: ", esc(check.simulation.phone_model), w);

  out += "\nDNS\n";
  out += wrap(resolve_headline(check.dns), w, "", 2) + "\n"; // escaped where it is built
  out += resolve_server_list_text(check.dns, style);
  if (!check.dns.server_checks.empty()) {
    out += "\n";
    out += dns_servers_text(check.dns, style);
  }

  out += "\n";
  probes_section(out, check, ctx, style);
  proxy_section(out, check, w);
  simulation_section(out, check, w);
  out += "\nFindings\n";
  out += findings_text(sum.findings, style);
  return out;
}

Json
status_json(const status::SiteCheck& check, const StatusContext& ctx)
{
  const auto& sum = check.summary;
  Json doc = json_document("status");
  doc["time"] = ctx.time_utc;
  if (!ctx.replay.is_null()) {
    doc["replay"] = ctx.replay;
  }
  doc["domain"] = str_or_null(sum.domain);
  doc["resolver"] = check.dns.resolver;
  doc["settings"] = ctx.settings;
  doc["phone_model"] = check.simulation.phone_model;
  doc["verdict"] =
    Json{{"state", to_string(sum.verdict.state)}, {"reason", sum.verdict.reason}, {"serving", serving_json(check)}};
  doc["dns"] = resolve_json(check.dns);
  doc["probes"] = probes_json(check);
  doc["survivability_proxy"] = proxy_json(check);
  doc["simulation"] = simulation_json(check);
  doc["findings"] = findings_json(sum.findings);
  return doc;
}

std::string
render_status_json(const status::SiteCheck& check, const StatusContext& ctx)
{
  return dump_json(status_json(check, ctx));
}

} // namespace sipsurv::cli
