#include "core/model/timeline.hpp"

#include <fmt/format.h>

namespace sipsurv::model {

std::string_view
to_string(Basis b)
{
  switch (b) {
  case Basis::manual:
    return "manual";
  case Basis::rfc:
    return "RFC";
  case Basis::assumption:
    return "assumption";
  case Basis::input:
    return "scenario";
  case Basis::probed:
    return "probed";
  }
  return "assumption";
}

std::string
rule_label(const Rule& r)
{
  switch (r.basis) {
  case Basis::manual:
    return "manual: " + r.source;
  case Basis::rfc:
    return r.source; // already "RFC 3263 §4.3"
  case Basis::assumption:
    return r.source.empty() ? std::string("assumption") : "assumption: " + r.source;
  case Basis::input:
    return "scenario";
  case Basis::probed:
    return r.source.empty() ? std::string("probed") : "probed: " + r.source;
  }
  return "assumption";
}

Rule
manual(std::string section)
{
  return Rule{Basis::manual, std::move(section)};
}

Rule
rfc(std::string section)
{
  return Rule{Basis::rfc, std::move(section)};
}

Rule
assumed(std::string what)
{
  return Rule{Basis::assumption, std::move(what)};
}

Rule
scenario_input()
{
  return Rule{Basis::input, {}};
}

Rule
probed_input(std::string evidence)
{
  return Rule{Basis::probed, std::move(evidence)};
}

std::string_view
to_string(EventKind k)
{
  switch (k) {
  case EventKind::scenario:
    return "scenario";
  case EventKind::dns_fetch:
    return "dns-fetch";
  case EventKind::connect:
    return "connect";
  case EventKind::connect_failed:
    return "connect-failed";
  case EventKind::registered:
    return "registered";
  case EventKind::register_failed:
    return "register-failed";
  case EventKind::check_ok:
    return "check-ok";
  case EventKind::check_failed:
    return "check-failed";
  case EventKind::call:
    return "call";
  case EventKind::call_failed:
    return "call-failed";
  case EventKind::failure_noticed:
    return "failure-noticed";
  case EventKind::next_server:
    return "next-server";
  case EventKind::backup:
    return "backup";
  case EventKind::backoff:
    return "backoff";
  case EventKind::failback:
    return "failback";
  case EventKind::survivable:
    return "survivable";
  case EventKind::out_of_service:
    return "out-of-service";
  case EventKind::note:
    return "note";
  }
  return "note";
}

std::string
relative_time(Millis at)
{
  const char sign = at < 0 ? '-' : '+';
  const Millis abs = at < 0 ? -at : at;
  return fmt::format("{}{}.{:03}s", sign, abs / 1000, abs % 1000);
}

} // namespace sipsurv::model
