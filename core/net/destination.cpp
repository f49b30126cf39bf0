#include "core/net/destination.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace sipsurv::net {
namespace {

std::optional<std::string>
unsafe_v4(const std::array<unsigned char, 4>& a)
{
  if (a[0] >= 224 && a[0] <= 239) {
    return "a multicast address";
  }
  if (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255) {
    return "the broadcast address";
  }
  if (a[0] == 0) {
    return "an unspecified address";
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string>
unsafe_destination(std::string_view address, std::uint16_t port)
{
  const std::string text(address);
  std::array<unsigned char, 4> v4{};
  std::array<unsigned char, 16> v6{};
  std::optional<std::string> why;
  if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) {
    why = unsafe_v4(v4);
  } else if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) {
    static constexpr std::array<unsigned char, 12> k_mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(v6.data(), k_mapped.data(), k_mapped.size()) == 0) {
      why = unsafe_v4({v6[12], v6[13], v6[14], v6[15]});
    } else if (v6[0] == 0xff) {
      why = "a multicast address";
    } else if (v6 == std::array<unsigned char, 16>{}) {
      why = "an unspecified address";
    }
  }
  if (!why && port == 0) {
    why = "port 0";
  }
  return why;
}

} // namespace sipsurv::net
