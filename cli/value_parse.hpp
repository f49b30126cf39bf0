#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sipsurv::cli {

// Parsers of one option or phone-setting value, in one voice: on failure
// they return why, worded to follow "--name 'value': " and ending with
// what is allowed ("not a whole number; allowed: 0 to 86400 seconds").
// `unit` is appended to the range ("seconds", "ms"); empty for none.
struct ParsedUnsigned {
  std::uint64_t value = 0;
  std::string error; // empty on success
};
ParsedUnsigned parse_unsigned(std::string_view text, std::uint64_t min, std::uint64_t max, std::string_view unit);

struct ParsedNumber {
  double value = 0;
  std::string error; // empty on success
};
// A finite decimal number (no nan, inf or hex) in [min, max].
ParsedNumber parse_number(std::string_view text, double min, double max, std::string_view unit);

// The choice `text` names, compared case-insensitively (the phone's web
// interface writes "TLS"), as spelled in `choices`; or why not.
struct ParsedChoice {
  std::string value;
  std::string error;
};
ParsedChoice parse_choice(std::string_view text, std::span<const std::string> choices);

// yes/no as the web interface and config files write it: yes, no, true,
// false, on, off, 1, 0 (any case).
std::optional<bool> parse_yes_no(std::string_view text);
inline constexpr std::string_view k_yes_no_allowed = "yes or no (also true/false, on/off, 1/0)";

// "0.05 to 300 seconds" for messages and docs.
std::string range_text(double min, double max, std::string_view unit);

} // namespace sipsurv::cli
