#include "cli/commands/commands.hpp"
#include "cli/phone_setting_table.hpp"

#include <algorithm>

namespace sipsurv::cli {
namespace {

const std::vector<CommandSpec>&
table()
{
  static const std::vector<CommandSpec> k_commands{
    {"resolve",
     "Show the SIP server list the phone gets from DNS: NAPTR, SRV per transport, A/AAAA with TTLs, RFC 2782 order",
     area_dns,
     {},
     resolve_options,
     run_resolve},
    {"probe",
     "Send SIP OPTIONS to every server of DOMAIN (over every transport it publishes) or to each TARGET, in "
     "parallel: reachability, timings, certificates",
     area_dns,
     {"transport"},
     probe_options,
     run_probe},
    {"simulate",
     "Simulate the phone's failover as a timeline: where it registers, what happens when a server fails, how long "
     "outgoing calls fail (best/worst case), when it fails back",
     area_dns | area_model | area_verdict,
     {},
     simulate_options,
     run_simulate},
    {"status",
     "The site's survivability state (NORMAL, DEGRADED, FAILOVER, SURVIVABLE, BACKUP, DOWN, UNKNOWN) with "
     "numbered findings: resolve, probe and simulate in one report",
     area_dns | area_model | area_verdict,
     {},
     status_options,
     run_status},
    {"watch",
     "Repeat status every interval with hysteresis; one line per state change, a summary on exit or Ctrl-C; exits "
     "with the worst state seen",
     area_dns | area_model | area_verdict,
     {},
     watch_options,
     run_watch},
  };
  return k_commands;
}

} // namespace

std::span<const CommandSpec>
command_table()
{
  return table();
}

const CommandSpec*
find_command(std::string_view name)
{
  const auto& t = table();
  const auto it = std::find_if(t.begin(), t.end(), [&](const CommandSpec& c) { return c.name == name; });
  return it == t.end() ? nullptr : &*it;
}

} // namespace sipsurv::cli
