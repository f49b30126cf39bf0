#pragma once

#include "cli/phone_setting_table.hpp"
#include "core/settings/phone_settings.hpp"
#include "core/util/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::cli {

// One setting of a --phone file: its row and its values, in file order (a
// repeatable setting collects every line that names it; for the others
// the last line wins).
struct PhoneFileSetting {
  const PhoneSettingRow* row = nullptr;
  std::vector<std::string> values;
};

// Read a --phone file (bounded, k_max_phone_file; a device or a FIFO is
// refused, never read forever). The format:
//
//   # a comment (also ';'), blank lines ignored
//   transport = tls                      the option name as the key, or …
//   SIP transport = TLS                  … the phone's web-interface label
//   Connectivity check timer = 30
//   dns = ["127.0.0.1:5353", "127.0.0.2"]   a list for a repeatable setting
//   Backup registration allowed = false  yes/no, true/false, on/off, 1/0
//
// Keys and enumerated values are compared without case; values may be
// quoted. A [section] header is refused (only [default], as CLI11 and
// git-style files write it, is accepted and ignored). Errors are
// Errc::usage, "FILE:LINE: what is wrong; allowed: …", with a suggestion
// for a misspelt key.
Result<std::vector<PhoneFileSetting>> read_phone_file(const std::string& path);

// The same on text already read; `file_name` is for messages.
Result<std::vector<PhoneFileSetting>> parse_phone_text(std::string_view text, std::string_view file_name);

// Apply settings to `s`; errors name the setting ("--phone FILE: …").
Result<void> apply_phone_file(const std::vector<PhoneFileSetting>& settings, std::string_view file_name,
                              PhoneSettings& s);

} // namespace sipsurv::cli
