#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace sipsurv {

// Case-insensitive comparison of ASCII text (SIP header names, tokens and
// parameter names, RFC 3261 §7.3.1): locale-free, bytes above 127 compared as is.
inline bool
iequals(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

} // namespace sipsurv
