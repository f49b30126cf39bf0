#pragma once

#include <span>
#include <string>
#include <string_view>

namespace sipsurv::report {

enum class Severity { info, warning, critical };
std::string_view to_string(Severity s);

// A fact about the site that a technician should act on. Findings are data,
// never exceptions; their IDs are stable and listed in the man page.
struct Finding {
  std::string id; // e.g. "DNS004"
  Severity severity = Severity::info;
  std::string message;   // one sentence
  std::string evidence;  // what was seen, e.g. "sip1.example.com and sip2.example.com -> 192.0.2.10"
  std::string hint;      // how to fix it
  bool accepted = false; // --accept: shown, marked, but it no longer changes the site's state
  bool operator==(const Finding&) const = default;
};

// The severity rule (man sipsurv, SEVERITY): a finding moves the site's
// state only when it is a warning or critical and not accepted. Info never
// does. Warnings make a site DEGRADED at most; only what the phone can do
// (which servers it can register with) moves it further.
constexpr bool
moves_state(const Finding& f)
{
  return f.severity != Severity::info && !f.accepted;
}

// Mark every finding whose ID is in `accepted` (--accept).
void mark_accepted(std::span<Finding> findings, std::span<const std::string> accepted);

// One row of the finding catalogue: the ID's fixed meaning and fix hint.
struct FindingInfo {
  std::string_view id;
  Severity severity;
  std::string_view meaning;
  std::string_view hint;
};

// Every finding sipsurv can report, in ID order. The man page's FINDINGS
// section is generated from this table.
std::span<const FindingInfo> finding_catalogue();

// The catalogue row for `id`; an unknown ID is a bug (std::logic_error).
const FindingInfo& finding_info(std::string_view id);

// A finding with the catalogue's severity and hint.
Finding make_finding(std::string_view id, std::string message, std::string evidence);

} // namespace sipsurv::report
