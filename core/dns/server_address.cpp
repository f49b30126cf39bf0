#include "core/dns/server_address.hpp"

#include "core/util/escape.hpp"
#include "core/util/ip_literal.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace sipsurv::dns {
namespace {

std::unexpected<Error>
bad_server(std::string_view text, std::string_view why)
{
  return fail(Errc::usage,
              fmt::format("invalid DNS server '{}': {}; allowed: an IPv4 or IPv6 address with an "
                          "optional port, e.g. 127.0.0.1:5353 or [::1]:5353",
                          escape_for_terminal(text), why));
}

} // namespace

std::string
ServerAddress::to_string() const
{
  return ipv6 ? fmt::format("[{}]:{}", address, port) : fmt::format("{}:{}", address, port);
}

Result<ServerAddress>
parse_server_address(std::string_view text)
{
  ServerAddress out;
  std::string host;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      return bad_server(text, "missing ']'");
    }
    host = std::string(text.substr(1, close - 1));
    const auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return bad_server(text, "expected ':' after ']'");
      }
      port_text = rest.substr(1);
      if (port_text.empty()) {
        return bad_server(text, "empty port");
      }
    }
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    const auto colon = text.find(':');
    host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
    if (port_text.empty()) {
      return bad_server(text, "empty port");
    }
  } else {
    host = std::string(text);
  }
  // inet_pton reads a C string: "192.0.2.53\0junk" would pass as 192.0.2.53
  // while the junk stayed in the address. Found by fuzzing
  // (tests/fuzz/regressions/dns_server_address/).
  if (host.find('\0') != std::string::npos) {
    return bad_server(text, "not an IP address (contains a NUL byte)");
  }
  if (is_ipv4_literal(host)) {
    out.ipv6 = false;
  } else if (is_ipv6_literal(host)) {
    out.ipv6 = true;
  } else {
    return bad_server(text, "not an IP address");
  }
  out.address = host;
  if (!port_text.empty()) {
    unsigned value = 0;
    const auto* end = port_text.data() + port_text.size();
    const auto [ptr, ec] = std::from_chars(port_text.data(), end, value);
    if (ec != std::errc{} || ptr != end || value == 0 || value > 65535) {
      return bad_server(text, "port must be 1-65535");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  return out;
}

std::optional<std::string>
domain_problem(std::string_view text)
{
  std::string_view name = text;
  if (!name.empty() && name.back() == '.') {
    name.remove_suffix(1);
  }
  if (name.empty()) {
    return "empty name";
  }
  if (name.size() > limits::k_max_domain_length) {
    return fmt::format("longer than {} characters", limits::k_max_domain_length);
  }
  std::size_t label = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      if (label == 0) {
        return "empty label";
      }
      if (label > limits::k_max_label_length) {
        return fmt::format("label longer than {} characters", limits::k_max_label_length);
      }
      label = 0;
      continue;
    }
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) {
      return fmt::format("character '{}' not allowed", escape_for_terminal(std::string_view(&name[i], 1)));
    }
    ++label;
  }
  return std::nullopt;
}

Result<std::string>
validate_domain(std::string_view text)
{
  if (auto why = domain_problem(text)) {
    return fail(Errc::usage,
                fmt::format("invalid domain '{}': {}; allowed: a DNS name such as example.com "
                            "(letters, digits, '-', '_'; labels of 1-63 characters)",
                            escape_for_terminal(text), *why));
  }
  std::string_view name = text;
  if (name.back() == '.') {
    name.remove_suffix(1);
  }
  return std::string(name);
}

} // namespace sipsurv::dns
