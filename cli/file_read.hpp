#pragma once

#include "core/util/error.hpp"
#include "core/util/limits.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace sipsurv::cli {

// Read a whole text file, at most `max_bytes`: a huge file or a device like
// /dev/zero is refused after max_bytes + 1 bytes, never read forever.
// Errors (Errc::usage) name the option, the file and what is allowed. The
// limits are in core/util/limits.hpp (k_max_zone_file, k_max_scenario_file, …).
Result<std::string> read_bounded(const std::string& path, std::size_t max_bytes, std::string_view option);

// The documented limits (core/util/limits.hpp, man page LIMITS), one source.
inline constexpr std::size_t k_max_zone_file = limits::k_max_zone_file;
inline constexpr std::size_t k_max_scenario_file = limits::k_max_scenario_file;
inline constexpr std::size_t k_max_phone_file = limits::k_max_phone_file;

} // namespace sipsurv::cli
