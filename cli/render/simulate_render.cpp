#include "cli/render/simulate_render.hpp"

#include "cli/render/resolve_render.hpp"
#include "cli/render/wrap.hpp"
#include "core/model/phone_profile.hpp"
#include "core/util/escape.hpp"

#include <fmt/format.h>

namespace sipsurv::cli {
namespace {

using model::Millis;

std::string
esc(std::string_view s)
{
  return escape_for_terminal(s);
}

Millis
total_outage(const model::SimResult& r)
{
  Millis total = 0;
  for (const auto& o : r.outages) {
    total += o.to - o.from;
  }
  return total;
}

Json
rule_json(const model::Rule& r)
{
  return Json{{"basis", model::to_string(r.basis)}, {"source", str_or_null(r.source)}, {"label", model::rule_label(r)}};
}

Json
outages_json(const std::vector<model::OutageWindow>& outages)
{
  Json out = Json::array();
  for (const auto& o : outages) {
    out.push_back(Json{{"from_ms", o.from}, {"to_ms", o.to}, {"duration_ms", o.to - o.from}, {"open", o.open}});
  }
  return out;
}

std::string
outage_line(const model::OutageWindow& o)
{
  return fmt::format("{} .. {}  {}{}", model::relative_time(o.from), model::relative_time(o.to),
                     model::seconds_text(o.to - o.from), o.open ? " (still failing at the end)" : "");
}

std::string
estimate_text(const model::OutageEstimate& e)
{
  if (e.unbounded) {
    return fmt::format("noticed after {} to {}; then nothing to go to: calls fail until a server returns",
                       model::seconds_text(e.best), model::seconds_text(e.worst));
  }
  return fmt::format("outgoing calls fail for {} (best) to {} (worst)", model::seconds_text(e.best),
                     model::seconds_text(e.worst));
}

} // namespace

Json
what_if_json(const model::WhatIf& w)
{
  Json dominating = Json::array();
  for (const auto& p : w.outage.dominating) {
    dominating.push_back(Json{{"setting", p.setting}, {"ms", p.ms}});
  }
  return Json{{"failed", w.failed},
              {"next", str_or_null(w.next)},
              {"best_ms", w.outage.best},
              {"worst_ms", w.outage.worst},
              {"unbounded", w.outage.unbounded},
              {"noticed_best", str_or_null(w.outage.noticed_best)},
              {"noticed_worst", str_or_null(w.outage.noticed_worst)},
              {"rule", rule_json(w.outage.rule)},
              {"dominating", dominating}};
}

std::string
simulate_headline(const SimulateReport& r)
{
  const Millis total = total_outage(r.result);
  return fmt::format("{}: {} after {}; outgoing calls failed for {} in {} window(s)", esc(r.domain),
                     esc(r.result.final_state), model::seconds_text(r.result.duration), model::seconds_text(total),
                     r.result.outages.size());
}

std::string
render_simulate_text(const SimulateReport& r, const TextStyle& style)
{
  const auto& in = r.input;
  const std::size_t w = style.width;
  std::string out = style.bold(wrap(simulate_headline(r), w, "", 2)) + "\n\n";
  if (!r.replay_text.empty()) {
    out += wrap(r.replay_text, w, "", 2) + "\n";
  }
  out += hanging_line("Resolver: ", esc(r.resolver), w);
  // Broken between options only: an option and its value stay on one line.
  std::vector<std::string> settings;
  for (const auto& option : r.settings) {
    settings.push_back(esc(option));
  }
  if (settings.empty()) {
    settings.emplace_back("phone defaults");
  }
  out += wrap_items(settings, " ", w, "Settings: ", 10) + "\n";
  if (const auto* profile = model::find_profile(r.result.estimate.phone_model)) {
    out += hanging_line("Phone model: ", fmt::format("{} ({})", profile->name, profile->description), w);
  }
  out += hanging_line("Servers: ", r.probed ? "probed" : "assumed up unless named by --assume-down or the scenario", w);
  if (!r.scenario_file.empty()) {
    out += hanging_line("Scenario: ", esc(r.scenario_file), w);
  }
  out += fmt::format("Seed: {}, duration {}\n", in.seed, model::seconds_text(r.result.duration));

  out += "\nServer list (the phone's order)\n";
  if (in.servers.empty()) {
    out += "  none\n";
  }
  for (std::size_t i = 0; i < in.servers.size(); ++i) {
    const auto& s = in.servers[i];
    out += wrap(fmt::format("{}. {}  priority {} weight {}{}{}", i + 1, esc(model::server_label(s)), s.priority,
                            s.weight, s.has_address ? "" : "  (no address)",
                            s.is_survivability_proxy ? "  (survivability proxy)" : ""),
                w, "  ", 5) +
      "\n";
  }
  if (in.backup) {
    out += hanging_line("  backup: ",
                        fmt::format("{} over {}{}", esc(model::server_label(*in.backup)),
                                    to_string(in.settings.backup_transport),
                                    in.settings.backup_registration ? ", registered in parallel"
                                                                    : ", backup registration off: outgoing calls only"),
                        w);
  }
  if (in.uses_srv) {
    out += fmt::format("  list TTL: {} s\n", in.list_ttl);
  }

  // Time and kind stay in their columns; the text wraps under the text column.
  out += "\nTimeline\n";
  for (const auto& e : r.result.events) {
    out += hanging_line(fmt::format("  {:>11}  {:<15}  ", model::relative_time(e.at), model::to_string(e.kind)),
                        fmt::format("{}{}{}  [{}]", e.server.empty() ? std::string() : esc(e.server),
                                    e.server.empty() ? "" : ": ", esc(e.text), esc(model::rule_label(e.rule))),
                        w);
  }

  out += "\nOutages (outgoing calls fail)\n";
  if (r.result.outages.empty()) {
    out += "  none\n";
  }
  for (const auto& o : r.result.outages) {
    out += wrap(outage_line(o), w, "  ", 4) + "\n";
  }

  out += "\nSummary\n";
  out += hanging_line("  End state: ", esc(r.result.final_state), w);
  const auto& est = r.result.estimate;
  if (est.if_current_fails) {
    const auto& wi = *est.if_current_fails;
    out += wrap(fmt::format("If {} (in use at the start) stops answering: {}; {}", esc(wi.failed),
                            wi.next.empty() ? std::string("no server to go to") : "next " + esc(wi.next),
                            estimate_text(wi.outage)),
                w, "  ", 4) +
      "\n";
    out += hanging_line("    best case: ", wi.outage.noticed_best, w);
    out += hanging_line("    worst case: ", wi.outage.noticed_worst, w);
    out += hanging_line("    rule: ", esc(model::rule_label(wi.outage.rule)), w);
    for (const auto& p : wi.outage.dominating) {
      out += hanging_line(
        "    dominated by: ",
        fmt::format("{}{}", p.setting, p.ms > 0 ? fmt::format(" ({})", model::seconds_text(p.ms)) : std::string()), w);
    }
    // The bounds are the silent failure's; a server that keeps answering
    // passes the check and can outlast them (ModelProperty.LoudFailures…).
    out += hanging_line("    note: ",
                        "a server that keeps answering but with 503 or a REGISTER rejection passes the "
                        "connectivity check; the phone notices it at its next REGISTER or call",
                        w);
  } else {
    out += hanging_line("  At the start: ", esc(est.where), w);
  }
  if (r.result.event_limit_hit) {
    out += fmt::format("  The event limit ({}) stopped the simulation early.\n", model::k_max_events);
  }

  if (!r.each_failure.empty()) {
    out += fmt::format("\nEach server failing alone (at {})\n", model::relative_time(model::k_each_failure_at));
    for (const auto& f : r.each_failure) {
      out += wrap(fmt::format("{}: outgoing calls failed for {}; end: {}", esc(f.server),
                              model::seconds_text(total_outage(f.result)), esc(f.result.final_state)),
                  w, "  ", 4) +
        "\n";
    }
  }

  out += "\nFindings\n";
  out += findings_text(est.findings, style);
  return out;
}

std::string
render_simulate_json(const SimulateReport& r)
{
  const auto& in = r.input;
  Json doc = json_document("simulate");
  if (!r.replay.is_null()) {
    doc["replay"] = r.replay;
  }
  doc["domain"] = str_or_null(r.domain);
  doc["resolver"] = r.resolver;
  doc["seed"] = in.seed;
  doc["duration_ms"] = r.result.duration;
  doc["settings"] = r.settings;
  doc["phone_model"] = r.result.estimate.phone_model;
  doc["probed"] = r.probed;
  doc["assumed_down"] = r.assumed_down;
  doc["scenario"] = r.scenario_file.empty() ? Json(nullptr) : Json(r.scenario_file);
  Json servers = Json::array();
  for (const auto& s : in.servers) {
    servers.push_back(Json{{"target", s.target},
                           {"port", s.port},
                           {"priority", s.priority},
                           {"weight", s.weight},
                           {"has_address", s.has_address},
                           {"survivability_proxy", s.is_survivability_proxy}});
  }
  doc["servers"] = servers;
  doc["backup"] = in.backup ? Json{{"target", in.backup->target},
                                   {"port", in.backup->port},
                                   {"transport", to_string(in.settings.backup_transport)},
                                   {"registration", in.settings.backup_registration}}
                            : Json(nullptr);
  doc["refetch_after_ms"] = refetch_after_ms_json(in.list_ttl > 0 ? std::optional(in.list_ttl) : std::nullopt);
  Json timeline = Json::array();
  for (const auto& e : r.result.events) {
    timeline.push_back(Json{{"at_ms", e.at},
                            {"kind", model::to_string(e.kind)},
                            {"server", str_or_null(e.server)},
                            {"text", e.text},
                            {"rule", rule_json(e.rule)}});
  }
  doc["timeline"] = timeline;
  doc["outages"] = outages_json(r.result.outages);
  Json summary;
  summary["end_state"] = r.result.final_state;
  summary["registered_with"] = r.result.registered_with ? Json(*r.result.registered_with) : Json(nullptr);
  summary["on_backup"] = r.result.on_backup;
  summary["out_of_service"] = r.result.out_of_service;
  summary["survivable_mode"] = r.result.survivable_mode;
  summary["outage_total_ms"] = total_outage(r.result);
  summary["event_limit_hit"] = r.result.event_limit_hit;
  const auto& what_if = r.result.estimate.if_current_fails;
  summary["if_current_fails"] = what_if ? what_if_json(*what_if) : Json(nullptr);
  doc["summary"] = summary;
  if (!r.each_failure.empty()) {
    Json each = Json::array();
    for (const auto& f : r.each_failure) {
      each.push_back(Json{{"server", f.server},
                          {"at_ms", f.at},
                          {"end_state", f.result.final_state},
                          {"outage_total_ms", total_outage(f.result)},
                          {"outages", outages_json(f.result.outages)}});
    }
    doc["each_failure"] = each;
  }
  doc["findings"] = findings_json(r.result.estimate.findings);
  return dump_json(doc);
}

} // namespace sipsurv::cli
