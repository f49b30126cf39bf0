#include "core/util/ip_literal.hpp"

#include <arpa/inet.h>

#include <array>
#include <string>

namespace sipsurv {
namespace {

bool
parses_as(int family, std::string_view text)
{
  if (text.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string s(text);
  std::array<unsigned char, 16> buf{};
  return inet_pton(family, s.c_str(), buf.data()) == 1;
}

} // namespace

bool
is_ipv4_literal(std::string_view text)
{
  return parses_as(AF_INET, text);
}

bool
is_ipv6_literal(std::string_view text)
{
  return parses_as(AF_INET6, text);
}

bool
is_ip_literal(std::string_view text)
{
  return is_ipv4_literal(text) || is_ipv6_literal(text);
}

} // namespace sipsurv
