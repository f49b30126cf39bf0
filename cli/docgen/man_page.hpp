#pragma once

#include "cli/cli_doc.hpp"
#include "cli/exit_code.hpp"
#include "core/report/finding.hpp"
#include "core/util/error.hpp"
#include "core/util/limits.hpp"

#include <span>
#include <string>
#include <string_view>

namespace sipsurv::cli::docgen {

// Everything the generated parts of the man page are made of.
struct ManInputs {
  CliDoc cli;
  std::span<const ExitCodeInfo> exit_codes;
  std::span<const report::FindingInfo> findings;
  std::span<const limits::LimitInfo> limits;
  std::string version;
};

// Fills the hand-written template (man/sipsurv.1.in). Directives are roff
// comment lines, so the template stays readable roff:
//   .\" @generated PART     PART: SYNOPSIS, PHONE_SETTINGS, EXIT_STATUS,
//                           FINDINGS, LIMITS, OTHER_COMMANDS, and OPTIONS
//                           (inside an @if-command block: that command's)
//   .\" @if-command NAME    the lines up to ".\" @end-if" are emitted only
//   .\" @end-if             when the binary has command NAME
// and "@VERSION@" anywhere is replaced. OTHER_COMMANDS emits a plain
// section for every command whose OPTIONS no block emitted, so a new
// command is documented before anyone writes its prose. An unknown or
// missing directive is an error (the build fails rather than drift).
Result<std::string> render_man_page(std::string_view tmpl, const ManInputs& in);

// The generated parts on their own (for tests and the template's use).
std::string man_synopsis(const CliDoc& cli);
std::string man_options(std::span<const OptionDoc> options);
// A command's own options, then one paragraph naming the phone settings it takes.
std::string man_command_options(std::span<const OptionDoc> options);
// The PHONE SETTINGS section: every row with its web-interface label and commands.
std::string man_phone_settings(std::span<const SettingDoc> settings);
std::string man_exit_status(std::span<const ExitCodeInfo> codes);
std::string man_findings(std::span<const report::FindingInfo> findings);
std::string man_limits(std::span<const limits::LimitInfo> limits);

} // namespace sipsurv::cli::docgen
