#pragma once

#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <span>
#include <string>
#include <vector>

namespace sipsurv {

// "a, b, c and 12 more": evidence stays one readable line however many
// records a hostile or huge zone returns.
inline std::string
join_limited(std::span<const std::string> items, std::string_view separator = ", ",
             std::size_t max_items = limits::k_max_evidence_items)
{
  if (items.size() <= max_items) {
    return fmt::format("{}", fmt::join(items, separator));
  }
  return fmt::format("{} and {} more", fmt::join(items.subspan(0, max_items), separator), items.size() - max_items);
}

} // namespace sipsurv
