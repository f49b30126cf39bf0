#include "cli/evidence/bundle.hpp"

#include "cli/evidence/dns_exchange_json.hpp"
#include "cli/evidence/json_in.hpp"
#include "cli/evidence/probe_result_json.hpp"
#include "cli/file_read.hpp"
#include "cli/phone_setting_table.hpp"
#include "cli/textfile.hpp"
#include "core/util/escape.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sipsurv::cli {
namespace {

// A recording holds one status round: a few hundred questions and probes
// for the largest sites; these bounds only stop a hostile file.
constexpr std::size_t k_max_exchanges = 100000;
constexpr std::size_t k_max_probes = 100000;
constexpr std::size_t k_max_values = 1000;

Json
settings_json(const PhoneSettings& s)
{
  Json out = Json::object();
  for (const auto& row : phone_setting_table()) {
    out[std::string(row.name)] = row.show(s);
  }
  return out;
}

// Every setting of the recording, applied over the phone's defaults by the
// same rows (and checks) as the command line's.
PhoneSettings
settings_from(const JsonIn& in)
{
  PhoneSettings s;
  for (const auto& row : phone_setting_table()) {
    if (!in.has(row.name)) {
      continue; // a setting newer than the recording: the phone's default
    }
    const JsonIn field = in.at(row.name);
    const auto values = field.texts(k_max_values);
    if (!field.error().empty() || values.empty()) {
      continue;
    }
    if (values.size() > 1 && !row.repeatable) {
      field.problem("more than one value; allowed: one, this setting is not repeatable");
      continue;
    }
    if (const std::string why = row.apply(s, values); !why.empty()) {
      field.problem(fmt::format("'{}': {}", escape_for_terminal(values.back()), why));
    }
  }
  std::vector<std::string_view> known;
  for (const auto& row : phone_setting_table()) {
    known.push_back(row.name);
  }
  in.only(known);
  return s;
}

} // namespace

std::string
bundle_to_json(const EvidenceBundle& b)
{
  Json doc;
  doc["format"] = k_evidence_format;
  doc["tool"] = Json{{"name", "sipsurv"}, {"version", b.sipsurv_version}};
  doc["command"] = "status";
  doc["taken_at"] = b.taken_at;
  doc["domain"] = b.domain;
  doc["settings"] = settings_json(b.settings);
  doc["options"] = Json{{"seed", b.seed},
                        {"cert_warn_days", b.cert_warn_days},
                        {"survivable_indicator", b.survivable_indicator},
                        {"sni", b.sni},
                        {"timeout_ms", std::llround(b.timeout_s * 1000.0)}};
  doc["measured_with"] = b.measured_with;
  doc["resolver"] = b.evidence.resolver;
  Json dns = Json::array();
  for (const auto& e : b.evidence.dns) {
    dns.push_back(dns_exchange_to_json(e));
  }
  doc["dns"] = std::move(dns);
  // Each --dns server asked alone: the question once, then each server's
  // reply as an exchange of that question.
  Json checks = Json::array();
  for (const auto& c : b.evidence.server_checks) {
    Json replies = Json::array();
    for (const auto& r : c.replies) {
      replies.push_back(Json{{"server", r.server}, {"exchange", dns_exchange_to_json({c.question, r.reply})}});
    }
    checks.push_back(Json{{"replies", std::move(replies)}});
  }
  doc["server_checks"] = std::move(checks);
  Json probes = Json::array();
  for (const auto& r : b.evidence.probes) {
    probes.push_back(probe_result_to_json(r));
  }
  doc["probes"] = std::move(probes);
  return dump_json(doc);
}

Result<EvidenceBundle>
bundle_from_json(std::string_view text, std::string_view name)
{
  const std::string file = escape_for_terminal(name);
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    return fail(Errc::usage, fmt::format("{}: not JSON; allowed: a bundle written by 'sipsurv status --save'", file));
  }
  const JsonIn in(doc);
  EvidenceBundle b;
  if (!doc.is_object()) {
    in.problem("not an object; allowed: a bundle written by 'sipsurv status --save'");
  }
  in.only({"format", "tool", "command", "taken_at", "domain", "settings", "options", "measured_with", "resolver", "dns",
           "server_checks", "probes"});
  in.at("format").choice({std::string(k_evidence_format)});
  const JsonIn tool = in.at("tool");
  tool.only({"name", "version"});
  tool.at("name").choice({"sipsurv"});
  b.sipsurv_version = tool.at("version").text();
  in.at("command").choice({"status"});
  b.taken_at = in.at("taken_at").text();
  if (in.error().empty() && (b.taken_at.size() != 20 || b.taken_at[10] != 'T' || b.taken_at.back() != 'Z')) {
    in.at("taken_at")
      .problem(fmt::format("'{}' is not allowed; allowed: RFC 3339 UTC time such as 2026-11-24T09:37:00Z",
                           escape_for_terminal(b.taken_at)));
  }
  b.domain = in.at("domain").text();
  b.settings = settings_from(in.at("settings"));
  const JsonIn options = in.at("options");
  options.only({"seed", "cert_warn_days", "survivable_indicator", "sni", "timeout_ms"});
  b.seed = static_cast<std::uint64_t>(options.at("seed").integer(0, std::numeric_limits<std::int64_t>::max()));
  b.cert_warn_days = static_cast<unsigned>(options.at("cert_warn_days").integer(0, 3650));
  b.survivable_indicator = options.at("survivable_indicator").text();
  b.sni = options.at("sni").choice({"domain", "target", "none"});
  b.timeout_s = static_cast<double>(options.at("timeout_ms").integer(50, 300000)) / 1000.0;
  b.measured_with = in.at("measured_with").texts(k_max_values);
  b.evidence.resolver = in.at("resolver").text();
  for (const auto& e : in.at("dns").items(k_max_exchanges)) {
    b.evidence.dns.push_back(dns_exchange_from_json(e));
  }
  for (const auto& c : in.at("server_checks").items(k_max_exchanges)) {
    c.only({"replies"});
    status::ServerCheckExchange check;
    for (const auto& r : c.at("replies").items(k_max_exchanges)) {
      r.only({"server", "exchange"});
      const status::DnsExchange e = dns_exchange_from_json(r.at("exchange"));
      check.question = e.question;
      check.replies.push_back(dns::ServerReply{r.at("server").text(), e.reply});
    }
    b.evidence.server_checks.push_back(std::move(check));
  }
  for (const auto& p : in.at("probes").items(k_max_probes)) {
    b.evidence.probes.push_back(probe_result_from_json(p));
  }
  if (!in.error().empty()) {
    return fail(Errc::usage, fmt::format("{}: {}", file, in.error()));
  }
  return b;
}

Result<void>
save_bundle(const std::string& path, const EvidenceBundle& b)
{
  return write_textfile(path, bundle_to_json(b), "--save");
}

Result<EvidenceBundle>
load_bundle(const std::string& path, std::string_view option)
{
  auto text = read_bounded(path, limits::k_max_evidence_file, option);
  if (!text) {
    return std::unexpected(text.error());
  }
  auto b = bundle_from_json(*text, path);
  if (!b) {
    return fail(Errc::usage, fmt::format("{} {}", option, b.error().message));
  }
  return b;
}

} // namespace sipsurv::cli
