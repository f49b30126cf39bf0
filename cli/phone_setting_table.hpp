#pragma once

// The phone settings, one row each: the only place a setting is declared.
// Each row drives the command-line option of every command that takes the
// setting (cli/app.cpp), the --phone file reader (cli/phone_file.cpp), the
// validation and its messages, the report headers' list of settings that
// differ from the defaults, the man page's PHONE SETTINGS section and the
// completions. Adding a setting is adding a row (CONTRIBUTING.md).

#include "cli/cli_doc.hpp"
#include "core/settings/phone_settings.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::cli {

// Which part of sipsurv reads a setting; the command table says which
// parts each command has (resolve and probe: DNS only).
enum SettingArea : unsigned {
  area_dns = 1U,     // how the phone finds its servers
  area_model = 2U,   // how the phone behaves (timers, backup, proxy, profile)
  area_verdict = 4U, // how the site's state is judged
};

struct PhoneSettingRow {
  std::string_view name;       // the option without "--", and the phone-file key
  std::string_view value_name; // "MS", "HOST[:PORT]"
  std::string_view help;
  std::string_view default_text; // as the phone ships; "" for none
  std::string_view web_label;    // the phone's web interface label(s), "" for sipsurv's own settings
  std::string_view web_path;     // where the web interface has it
  std::string_view aliases;      // more phone-file keys, '|'-separated ("primary-dns|secondary-dns")
  std::string_view choices;      // '|'-separated enumerated values; "" for free values
  unsigned areas = 0;
  bool repeatable = false;
  // Set the setting from its values (in order; one unless repeatable);
  // returns "" or why not, worded to follow "--name 'value': ".
  std::string (*apply)(PhoneSettings& s, const std::vector<std::string>& values) = nullptr;
  // The setting's value in `s` as a command line would give it; empty
  // when unset. Settings differ from the defaults when these differ.
  std::vector<std::string> (*show)(const PhoneSettings& s) = nullptr;
  std::string_view short_name = {}; // "-d", for the few used most
};

std::span<const PhoneSettingRow> phone_setting_table();

// The row a phone-file key or option names: the option name (with or
// without "--"), the web label or an alias, compared without case, with
// any run of spaces, dots and punctuation read as one '-'
// ("Call transaction response timer", "SIP transport"). Null if none.
const PhoneSettingRow* find_phone_setting(std::string_view key);

// The key normalized as find_phone_setting compares it.
std::string setting_key(std::string_view key);

// The row's enumerated values.
std::vector<std::string> setting_choices(const PhoneSettingRow& row);

// "--transport tls", "--dns 127.0.0.1:53530", …: every setting whose value
// differs from the phone's defaults, in table order.
std::vector<std::string> non_default_settings(const PhoneSettings& s);

// The row as documentation (for the option, the man page and completions).
OptionDoc setting_option_doc(const PhoneSettingRow& row);
SettingDoc setting_doc(const PhoneSettingRow& row, std::vector<std::string> commands);

} // namespace sipsurv::cli
