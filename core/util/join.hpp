#pragma once

#include <fmt/format.h>

#include <span>
#include <string>
#include <vector>

namespace sipsurv {

// "a, b, c and 12 more": evidence stays one readable line however many
// records a hostile or huge zone returns.
inline std::string
join_limited(std::span<const std::string> items, std::string_view separator = ", ", std::size_t max_items = 5)
{
  if (items.size() <= max_items) {
    return fmt::format("{}", fmt::join(items, separator));
  }
  return fmt::format("{} and {} more", fmt::join(items.subspan(0, max_items), separator), items.size() - max_items);
}

} // namespace sipsurv
