#pragma once

#include "core/util/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::cli {

// The FILE of "--phone FILE" or "--phone=FILE" in argv (argv[0] skipped).
std::optional<std::string> phone_file_argument(const std::vector<std::string>& argv);

// Check a --phone file before CLI11 reads it as config, so a mistake gets
// "FILE:LINE: what is wrong; allowed: …" (Errc::usage, exit 64) instead of a
// generic message or a silently ignored key. The file is read bounded
// (k_max_phone_file): /dev/zero or a huge file is refused, never read forever.
// Accepted: "key = value" with the long option names as keys (sip-server,
// transport, …), values bare or quoted, arrays ["a", "b"] for dns, comments
// (# or ;) and the section [default].
Result<void> validate_phone_file(const std::string& path);

// The same check on text already read; `file_name` is for messages.
Result<void> validate_phone_text(std::string_view text, std::string_view file_name);

} // namespace sipsurv::cli
