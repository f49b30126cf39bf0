#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sipsurv {

// Optimal string alignment distance (Levenshtein plus adjacent swaps),
// case-insensitive for ASCII: "statsu" is 1 from "status".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `typed`, for "did you mean …?": only when it is
// close enough to be a likely typo (at most a third of the word's length,
// and at least 1, 2 for words of 6 or more), and unique at that distance.
std::optional<std::string> nearest(std::string_view typed, std::span<const std::string> candidates);

} // namespace sipsurv
