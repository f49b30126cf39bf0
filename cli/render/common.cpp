#include "cli/render/common.hpp"

#include "core/util/escape.hpp"

#include <fmt/format.h>

namespace sipsurv::cli {

Json
json_document(std::string_view command)
{
  Json doc;
  doc["schema"] = "sipsurv/1";
  doc["tool"] = Json{{"name", "sipsurv"}, {"version", SIPSURV_VERSION}};
  doc["command"] = command;
  return doc;
}

Json
str_or_null(std::string_view s)
{
  return s.empty() ? Json(nullptr) : Json(s);
}

Json
finding_json(const report::Finding& f)
{
  return Json{{"id", f.id},
              {"severity", report::to_string(f.severity)},
              {"message", f.message},
              {"evidence", str_or_null(f.evidence)},
              {"hint", str_or_null(f.hint)},
              {"accepted", f.accepted}};
}

Json
findings_json(std::span<const report::Finding> findings)
{
  Json out = Json::array();
  for (const auto& f : findings) {
    out.push_back(finding_json(f));
  }
  return out;
}

std::string
findings_text(std::span<const report::Finding> findings, const TextStyle& style)
{
  if (findings.empty()) {
    return "  none\n";
  }
  std::string out;
  for (const auto& f : findings) {
    out += fmt::format("  {} {:<8} {}{}\n", style.bold(f.id), style.severity(f.severity, report::to_string(f.severity)),
                       f.accepted ? "[accepted] " : "", escape_for_terminal(f.message));
    if (!f.evidence.empty()) {
      out += fmt::format("      evidence: {}\n", escape_for_terminal(f.evidence));
    }
    out += fmt::format("      fix: {}\n", f.hint);
  }
  return out;
}

std::string
dump_json(const Json& doc)
{
  return doc.dump(2, ' ', true, Json::error_handler_t::replace) + "\n";
}

} // namespace sipsurv::cli
