#include "cli/commands/replay_session.hpp"

#include "cli/phone_args.hpp"
#include "cli/phone_setting_table.hpp"
#include "core/dns/records.hpp"
#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace sipsurv::cli {
namespace {

constexpr std::array<std::string_view, 9> k_excluded{"--dns-file", "--timeout", "--parallel", "--sni",     "--ca-file",
                                                     "--ca-path",  "--cert",    "--key",      "--insecure"};

// The option names of "--name value" header entries.
std::string
option_name(std::string_view entry)
{
  return std::string(entry.substr(0, entry.find(' ')));
}

bool
is_phone_setting(std::string_view option)
{
  const auto rows = phone_setting_table();
  return std::any_of(rows.begin(), rows.end(),
                     [&](const PhoneSettingRow& row) { return option == fmt::format("--{}", row.name); });
}

} // namespace

std::span<const std::string_view>
replay_excluded_options()
{
  return k_excluded;
}

bool
was_given(const Args& args, std::string_view option)
{
  return std::find(args.given.begin(), args.given.end(), option) != args.given.end();
}

Result<ReplaySession>
open_replay(const Args& args, const std::string& file, const std::string& domain, std::uint64_t seed_given)
{
  for (const auto option : k_excluded) {
    if (was_given(args, option)) {
      return fail(Errc::usage,
                  fmt::format("{} is not allowed with --replay: the recording's data was measured "
                              "already; allowed with --replay: phone settings, thresholds, --seed, "
                              "--cert-warn-days, --survivable-indicator, --format, --color",
                              option));
    }
  }
  if (was_given(args, "--save")) {
    return fail(Errc::usage, "--save is not allowed with --replay: a replay takes no new data; allowed: one of them");
  }
  auto bundle = load_bundle(file, "--replay");
  if (!bundle) {
    return std::unexpected(bundle.error());
  }
  ReplaySession r;
  r.file = file;
  r.bundle = std::move(*bundle);
  r.settings = r.bundle.settings;
  for (const auto& row : phone_setting_table()) {
    if (!was_given(args, fmt::format("--{}", row.name))) {
      continue;
    }
    auto values = row.show(args.settings);
    if (values.empty()) {
      values.emplace_back(); // given empty (--accept ''): the rows read "" as none
    }
    if (const std::string why = row.apply(r.settings, values); !why.empty()) {
      return fail(Errc::internal, fmt::format("--{} did not apply again: {}", row.name, why)); // checked when given
    }
  }
  if (r.settings.dns_servers != r.bundle.settings.dns_servers) {
    return fail(Errc::usage,
                fmt::format("--dns is not allowed with --replay unless it is the recording's ({}): the "
                            "DNS answers come from the recording",
                            r.bundle.settings.dns_servers.empty()
                              ? std::string("the system resolver")
                              : fmt::format("{}", fmt::join(r.bundle.settings.dns_servers, ", "))));
  }
  for (const auto& entry : non_default_settings(r.settings)) {
    const auto recorded = non_default_settings(r.bundle.settings);
    if (std::find(recorded.begin(), recorded.end(), entry) == recorded.end()) {
      r.changed.push_back(entry);
    }
  }
  for (const auto& entry : non_default_settings(r.bundle.settings)) {
    const auto now = non_default_settings(r.settings);
    const std::string name = option_name(entry);
    const bool still =
      std::any_of(now.begin(), now.end(), [&](const std::string& e) { return option_name(e) == name; });
    if (!still) {
      r.changed.push_back(fmt::format("{} (the default)", name)); // set back to the phone's default
    }
  }
  if (!domain.empty() &&
      !dns::same_name(domain, r.bundle.domain.empty() ? r.bundle.settings.sip_gateway : r.bundle.domain)) {
    return fail(Errc::usage,
                fmt::format("DOMAIN '{}' is not the recording's ('{}'); allowed: no DOMAIN with --replay, or the "
                            "recording's",
                            escape_for_terminal(domain), escape_for_terminal(r.bundle.domain)));
  }
  // The header lists settings as a command line gave them: DOMAIN is not one.
  r.header_settings = non_default_settings(r.settings);
  auto phone = to_phone_plan(r.settings, r.bundle.domain);
  if (!phone) {
    return fail(Errc::usage, fmt::format("--replay {}: {}", escape_for_terminal(file), phone.error().message));
  }
  r.settings = std::move(phone->settings);
  r.plan = std::move(phone->plan);
  r.seed = was_given(args, "--seed") ? seed_given : r.bundle.seed;
  std::vector<std::string> options = r.bundle.measured_with;
  // The options given now (not phone settings) replace the recording's of the same name.
  for (const auto& entry : args.report_settings) {
    const std::string name = option_name(entry);
    if (is_phone_setting(name)) {
      continue;
    }
    std::erase_if(options, [&](const std::string& o) { return option_name(o) == name; });
    options.push_back(entry);
  }
  r.header_settings.insert(r.header_settings.end(), options.begin(), options.end());
  return r;
}

Result<void>
check_dns_misses(std::span<const dns::Question> misses, const ReplaySession& r)
{
  if (misses.empty()) {
    return {};
  }
  return fail(Errc::usage,
              fmt::format("--replay {}: the recording has no answer to {} {}: the settings given need a "
                          "DNS question that was not asked; allowed: settings that keep the domain, the "
                          "SIP server and the port of the recording",
                          escape_for_terminal(r.file), dns::type_name(misses.front().type),
                          escape_for_terminal(misses.front().name)));
}

Json
replay_json(const ReplaySession& r)
{
  return Json{{"file", r.file},
              {"taken_at", r.bundle.taken_at},
              {"taken_by", fmt::format("sipsurv {}", r.bundle.sipsurv_version)},
              {"changed", r.changed}};
}

std::string
replay_line(const ReplaySession& r)
{
  return fmt::format("replay of {}: data taken at {} by sipsurv {}; changed: {}", escape_for_terminal(r.file),
                     r.bundle.taken_at, escape_for_terminal(r.bundle.sipsurv_version),
                     r.changed.empty() ? std::string("nothing")
                                       : escape_for_terminal(fmt::format("{}", fmt::join(r.changed, " "))));
}

} // namespace sipsurv::cli
