#include "cli/render/common.hpp"

#include "cli/render/wrap.hpp"
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
    // The padding is applied before the colour so the columns stay aligned.
    const std::string sev = fmt::format("{:<8}", report::to_string(f.severity));
    out +=
      hanging_line(fmt::format("  {} {} ", style.bold(f.id), style.severity(f.severity, sev)),
                   fmt::format("{}{}", f.accepted ? "[accepted] " : "", escape_for_terminal(f.message)), style.width);
    if (!f.evidence.empty()) {
      out += hanging_line("      evidence: ", escape_for_terminal(f.evidence), style.width);
    }
    out += hanging_line("      fix: ", f.hint, style.width);
  }
  return out;
}

std::string
dump_json(const Json& doc)
{
  return doc.dump(2, ' ', true, Json::error_handler_t::replace) + "\n";
}

} // namespace sipsurv::cli
