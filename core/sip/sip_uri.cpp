#include "core/sip/sip_uri.hpp"

#include "core/dns/server_address.hpp"
#include "core/util/escape.hpp"
#include "core/util/ip_literal.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sipsurv::sip {
namespace {

constexpr std::string_view k_allowed = "allowed: HOST[:PORT], [IPV6][:PORT], sip:HOST[:PORT][;transport=udp|tcp|tls] "
                                       "or sips:HOST[:PORT]";

std::string
lower(std::string_view s)
{
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Result<std::uint16_t>
parse_port(std::string_view text, std::string_view whole)
{
  unsigned value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || value == 0 || value > 65535) {
    return fail(
      Errc::usage,
      fmt::format("target '{}': port '{}' is not 1-65535", escape_for_terminal(whole), escape_for_terminal(text)));
  }
  return static_cast<std::uint16_t>(value);
}

// host[:port] or [v6][:port]; fills host, port, ip flags.
Result<void>
parse_host_port(std::string_view hp, std::string_view whole, TargetUri& t)
{
  std::string_view host = hp;
  std::string_view port;
  bool bracketed = false;
  if (!hp.empty() && hp.front() == '[') {
    const auto close = hp.find(']');
    if (close == std::string_view::npos) {
      return fail(
        Errc::usage,
        fmt::format("target '{}': missing ']' after an IPv6 address; {}", escape_for_terminal(whole), k_allowed));
    }
    host = hp.substr(1, close - 1);
    bracketed = true;
    const auto rest = hp.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return fail(Errc::usage,
                    fmt::format("target '{}': expected ':PORT' after ']'; {}", escape_for_terminal(whole), k_allowed));
      }
      port = rest.substr(1);
      if (port.empty()) {
        return fail(Errc::usage, fmt::format("target '{}': empty port; {}", escape_for_terminal(whole), k_allowed));
      }
    }
  } else {
    const auto colons = std::count(hp.begin(), hp.end(), ':');
    if (colons > 1) {
      return fail(Errc::usage,
                  fmt::format("target '{}': an IPv6 address needs brackets, as in [::1]:5060; {}",
                              escape_for_terminal(whole), k_allowed));
    }
    if (colons == 1) {
      const auto colon = hp.find(':');
      host = hp.substr(0, colon);
      port = hp.substr(colon + 1);
      if (port.empty()) {
        return fail(Errc::usage, fmt::format("target '{}': empty port; {}", escape_for_terminal(whole), k_allowed));
      }
    }
  }
  if (host.empty()) {
    return fail(Errc::usage, fmt::format("target '{}': empty host; {}", escape_for_terminal(whole), k_allowed));
  }
  t.host = std::string(host);
  if (bracketed) {
    if (!is_ipv6_literal(t.host)) {
      return fail(Errc::usage,
                  fmt::format("target '{}': '{}' in brackets is not an IPv6 address", escape_for_terminal(whole),
                              escape_for_terminal(host)));
    }
    t.ip_literal = true;
    t.ipv6 = true;
  } else if (is_ipv4_literal(t.host)) {
    t.ip_literal = true;
  } else {
    auto valid = dns::validate_domain(t.host);
    if (!valid) {
      return fail(Errc::usage, fmt::format("target '{}': {}", escape_for_terminal(whole), valid.error().message));
    }
    t.host = lower(*valid);
    if (t.host.ends_with('.')) {
      t.host.pop_back();
    }
  }
  if (!port.empty()) {
    auto p = parse_port(port, whole);
    if (!p) {
      return std::unexpected(p.error());
    }
    t.port = *p;
  }
  return {};
}

} // namespace

std::string
TargetUri::host_port() const
{
  const std::string h = ipv6 ? fmt::format("[{}]", host) : host;
  return port == 0 ? h : fmt::format("{}:{}", h, port);
}

Result<TargetUri>
parse_target(std::string_view text)
{
  TargetUri t;
  if (text.empty()) {
    return fail(Errc::usage, fmt::format("empty target; {}", k_allowed));
  }
  if (text.size() > limits::k_max_target_length) {
    return fail(Errc::usage, fmt::format("target longer than {} characters", limits::k_max_target_length));
  }
  const std::string low = lower(text);
  std::string_view rest = text;
  // "sip:5061" is host "sip" port 5061, not a URI: an all-digit name is no
  // host (RFC 3261 §25.1, the top label starts with a letter), and it is how
  // a host named sip or sips prints (host_port), so it must read back.
  const auto after_scheme = low.find(':');
  const bool scheme_word_with_port = (low.starts_with("sip:") || low.starts_with("sips:")) &&
    after_scheme + 1 < low.size() && low.find_first_not_of("0123456789", after_scheme + 1) == std::string::npos;
  if (scheme_word_with_port) {
    // falls through to parse_host_port below as HOST:PORT
  } else if (low.starts_with("sips:")) {
    t.is_uri = true;
    t.secure = true;
    t.transport = Transport::tls;
    rest.remove_prefix(5);
  } else if (low.starts_with("sip:")) {
    t.is_uri = true;
    rest.remove_prefix(4);
  }
  std::string_view params;
  if (t.is_uri) {
    // URI headers (?…) are ignored; parameters follow the first ';'.
    if (const auto q = rest.find('?'); q != std::string_view::npos) {
      rest = rest.substr(0, q);
    }
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
      t.user = std::string(rest.substr(0, at));
      rest.remove_prefix(at + 1);
    }
    if (const auto semi = rest.find(';'); semi != std::string_view::npos) {
      params = rest.substr(semi + 1);
      rest = rest.substr(0, semi);
    }
  } else if (rest.find_first_of(";@/?") != std::string_view::npos) {
    return fail(Errc::usage,
                fmt::format("target '{}': looks like a URI without 'sip:'; {}", escape_for_terminal(text), k_allowed));
  }
  if (auto hp = parse_host_port(rest, text, t); !hp) {
    return std::unexpected(hp.error());
  }
  // Parameters: only transport= matters here; bounded by the 1024-character input.
  while (!params.empty()) {
    const auto semi = params.find(';');
    const std::string param = lower(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (param.starts_with("transport=")) {
      const std::string value = param.substr(10);
      auto tr = parse_transport(value);
      if (!tr) {
        return fail(Errc::usage,
                    fmt::format("target '{}': transport '{}' is not udp, tcp or tls", escape_for_terminal(text),
                                escape_for_terminal(value)));
      }
      if (t.secure && *tr == Transport::udp) {
        return fail(Errc::usage,
                    fmt::format("target '{}': sips: needs TLS, not transport=udp", escape_for_terminal(text)));
      }
      // sips: with transport=tcp means TLS over TCP (RFC 3261 §26.2.2).
      t.transport = t.secure ? Transport::tls : *tr;
    }
  }
  return t;
}

std::string
make_request_uri(std::string_view host, std::uint16_t port, Transport transport, bool ipv6)
{
  const std::string h = ipv6 ? fmt::format("[{}]", host) : std::string(host);
  const std::string scheme = transport == Transport::tls ? "sips" : "sip";
  if (port == 0 || port == default_sip_port(transport)) {
    return fmt::format("{}:{}", scheme, h);
  }
  return fmt::format("{}:{}:{}", scheme, h, port);
}

} // namespace sipsurv::sip
