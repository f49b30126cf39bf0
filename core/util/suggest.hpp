#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sipsurv {

// The candidate closest to `word` (case-insensitive edit distance), if it
// is close enough to be a likely misspelling: at most a third of the
// word's length, and at least 2, edits away. For "did you mean …?".
std::optional<std::string> nearest_name(std::string_view word, std::span<const std::string> candidates);

} // namespace sipsurv
