#include "core/model/scenario_targets.hpp"

#include "core/dns/records.hpp"
#include "core/util/escape.hpp"
#include "core/util/join.hpp"
#include "core/util/nearest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::model {
namespace {

void
add_name(std::vector<std::string>& names, const std::string& name)
{
  if (!name.empty() &&
      std::none_of(names.begin(), names.end(), [&](const std::string& n) { return dns::same_name(n, name); })) {
    names.push_back(name);
  }
}

} // namespace

std::vector<std::string>
scenario_target_names(const ModelInput& in)
{
  std::vector<std::string> names;
  for (const auto& s : in.servers) {
    add_name(names, s.target);
  }
  if (in.backup) {
    add_name(names, in.backup->target);
  }
  for (const auto& s : in.servers) {
    for (const auto& a : s.addresses) {
      add_name(names, a);
    }
  }
  if (in.backup) {
    for (const auto& a : in.backup->addresses) {
      add_name(names, a);
    }
  }
  return names;
}

Result<void>
check_scenario_targets(std::span<const Step> steps, const ModelInput& in, std::string_view origin)
{
  std::vector<std::string> names = scenario_target_names(in);
  for (const auto& st : steps) {
    if (st.action == Action::dns_add) {
      add_name(names, st.target);
    }
  }
  for (const auto& st : steps) {
    if (st.action == Action::call || st.action == Action::dns_add) {
      continue;
    }
    const bool known =
      std::any_of(names.begin(), names.end(), [&](const std::string& n) { return dns::same_name(n, st.target); });
    if (known) {
      continue;
    }
    const std::string where = st.line > 0
      ? fmt::format("{}:{}: '{}'", escape_for_terminal(origin), st.line, escape_for_terminal(st.target))
      : fmt::format("{} {}:", escape_for_terminal(origin), escape_for_terminal(st.target));
    const auto suggestion = nearest(st.target, names);
    return fail(
      Errc::usage,
      fmt::format("{} not a server of the phone's list or its backup; allowed: {}{}", where,
                  names.empty() ? std::string("(no servers)") : escape_for_terminal(join_limited(names, ", ", 20)),
                  suggestion ? fmt::format("; did you mean {}?", escape_for_terminal(*suggestion)) : std::string()));
  }
  return {};
}

} // namespace sipsurv::model
