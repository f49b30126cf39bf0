#include "cli/render/status_render.hpp"

#include "cli/render/resolve_render.hpp"
#include "cli/render/simulate_render.hpp"
#include "core/model/timeline.hpp"
#include "core/util/escape.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::cli {
namespace {

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
  std::size_t width = 6;
  std::size_t sw = 14;
  for (const auto& r : check.summary.probes) {
    width = std::max(width, esc(r.target).size() + 6);
    sw = std::max(sw, r.state.size());
  }
  out += fmt::format("  {:<7} {:<{}} {:<16} {:<4} {:<{}} {:>8}  {}\n", "role", "server", width, "address", "via",
                     "state", sw, "ms", "answer");
  for (const auto& r : check.summary.probes) {
    const std::string padded = fmt::format("{:<{}}", r.state, sw);
    const std::string state = r.state == "ok" ? style.good(padded) : style.bad(padded);
    out += fmt::format("  {:<7} {:<{}} {:<16} {:<4} {} {:>8}  {}\n", r.role,
                       fmt::format("{}:{}", esc(r.target), r.port), width, r.address.empty() ? "-" : r.address,
                       to_string(r.transport), state, ms_text(r.rtt_ms), answer_text(r));
    if (r.cert_days_left) {
      out += fmt::format("  {:<7} certificate valid for {} more day(s)\n", "", *r.cert_days_left);
    }
    if (r.cert_sans_truncated) {
      out += fmt::format("  {:<7} certificate names cut after {} (max_cert_sans): identity checked on those\n", "",
                         limits::k_max_cert_sans);
    }
  }
}

void
proxy_section(std::string& out, const status::SiteCheck& check)
{
  const auto& p = check.summary.proxy;
  if (p.mode == status::ProxyMode::not_configured) {
    return;
  }
  out += fmt::format("\nSurvivability proxy {}{}: {}\n", esc(check.proxy_target),
                     check.proxy_detected ? " (detected)" : "", to_string(p.mode));
  for (const auto& h : check.proxy_hops) {
    const std::string who =
      h.response ? esc(!h.response->server.empty() ? h.response->server : h.response->user_agent) : std::string();
    out += fmt::format("  Max-Forwards {}: {}{}\n", h.spec.max_forwards,
                       h.response ? esc(fmt::format("{} {}", h.response->status, h.response->reason))
                                  : std::string(probe::to_string(h.state)),
                       who.empty() ? "" : fmt::format(" from \"{}\"", who));
  }
  out += fmt::format("  inferred from: {}\n", esc(p.evidence));
}

void
simulation_section(std::string& out, const status::SiteCheck& check)
{
  const auto& sim = check.simulation;
  out += "\nSimulation (the phone model on what answered)\n";
  out += fmt::format("  now: {}\n", esc(sim.where));
  if (!sim.if_current_fails) {
    return;
  }
  const auto& w = *sim.if_current_fails;
  const auto& o = w.outage;
  out += fmt::format("  if {} fails now: {}\n", esc(w.failed),
                     w.next.empty() ? "nothing takes over: out of service" : "the phone moves to " + esc(w.next));
  if (o.unbounded) {
    out += "  outgoing calls fail until a server comes back\n";
  } else {
    out += fmt::format("  outgoing calls fail for {} (best) to {} (worst)\n", model::seconds_text(o.best),
                       model::seconds_text(o.worst));
  }
  if (!o.noticed_best.empty()) {
    out += fmt::format("  noticed: best {}; worst {}\n", o.noticed_best, o.noticed_worst);
  }
  for (const auto& part : o.dominating) {
    out += fmt::format("  dominated by: {} ({})\n", part.setting, model::seconds_text(part.ms));
  }
  out += fmt::format("  rule: {}\n", model::rule_label(o.rule));
}

Json
probes_json(const status::SiteCheck& check)
{
  Json arr = Json::array();
  for (const auto& r : check.summary.probes) {
    arr.push_back(Json{{"role", r.role},
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
                       {"error", str_or_null(r.error)}});
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
  std::string out = style.bold(status_headline(check)) + "\n";
  out += fmt::format("sipsurv {}  {}  domain {}  resolver {}\n", SIPSURV_VERSION, ctx.time_utc, esc(sum.domain),
                     esc(check.dns.resolver));
  out += fmt::format("settings: {}\n",
                     ctx.settings.empty() ? std::string("the phone's defaults")
                                          : esc(fmt::format("{}", fmt::join(ctx.settings, " "))));
  out += fmt::format("phone model: {}\n", esc(check.simulation.phone_model));

  out += "\nDNS\n";
  out += resolve_headline(check.dns) + "\n"; // escaped where it is built
  out += resolve_server_list_text(check.dns);

  out += "\n";
  probes_section(out, check, ctx, style);
  proxy_section(out, check);
  simulation_section(out, check);
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
