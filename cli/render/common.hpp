#pragma once

#include "cli/render/text_style.hpp"
#include "core/report/finding.hpp"

#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <string_view>

namespace sipsurv::cli {

using Json = nlohmann::ordered_json; // stable key order: insertion order

// {"schema": "sipsurv/1", "tool": {...}, "command": ...}: how every JSON document starts.
Json json_document(std::string_view command);

// An absent value is null, never "": a string that may be empty.
Json str_or_null(std::string_view s);

Json finding_json(const report::Finding& f);
Json findings_json(std::span<const report::Finding> findings);

// The "Findings" section: "  DNS004 warning  message" then evidence and hint, indented.
std::string findings_text(std::span<const report::Finding> findings, const TextStyle& style);

// Serialize a JSON document the way sipsurv prints them: two-space indent,
// non-ASCII escaped, invalid UTF-8 replaced, a final newline.
std::string dump_json(const Json& doc);

} // namespace sipsurv::cli
