#include "cli/probe_options.hpp"

#include "cli/file_read.hpp"
#include "core/util/escape.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace sipsurv::cli {

probe::SniChoice
to_sni(const std::string& s)
{
  return s == "target" ? probe::SniChoice::target : s == "none" ? probe::SniChoice::none : probe::SniChoice::domain;
}

probe::ProbeOptions
to_probe_options(const ProbingArgs& a, const std::vector<dns::ServerAddress>& dns_servers, std::chrono::sys_seconds now)
{
  probe::ProbeOptions o;
  o.timeout = std::chrono::milliseconds(static_cast<long long>(a.timeout_s * 1000.0));
  o.parallel = a.parallel;
  o.insecure = a.insecure;
  o.dns = {dns_servers, o.timeout};
  o.tls.ca_file = a.ca_file;
  o.tls.ca_path = a.ca_path;
  o.tls.cert_file = a.cert;
  o.tls.key_file = a.key;
  // The same variable as browsers and curl: a capture can then be decrypted.
  if (const char* keylog = std::getenv("SSLKEYLOGFILE"); keylog != nullptr && *keylog != '\0') {
    o.tls.keylog_file = keylog;
  }
  o.now = now;
  return o;
}

Result<probe::RegisterCheck>
register_check_of(const ProbingArgs& a, bool on)
{
  probe::RegisterCheck check;
  check.enabled = on;
  if (a.auth_user.empty()) {
    if (!a.auth_password_file.empty()) {
      return fail(Errc::usage, "--auth-password-file needs --auth-user (whose password it holds)");
    }
    return check;
  }
  // RFC 3261 §25.1 user: unreserved and user-unreserved characters; an
  // escape or anything else is refused rather than guessed at.
  constexpr std::string_view allowed = "-_.!~*'()&=+$,;?/";
  const bool user_ok = a.auth_user.size() <= 128 && std::all_of(a.auth_user.begin(), a.auth_user.end(), [&](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           allowed.find(c) != std::string_view::npos;
                       });
  if (!user_ok) {
    return fail(Errc::usage,
                fmt::format("--auth-user '{}': allowed: at most 128 letters, digits and {}",
                            escape_for_terminal(a.auth_user), allowed));
  }
  check.user = a.auth_user;
  if (!a.auth_password_file.empty()) {
    auto text = read_bounded(a.auth_password_file, limits::k_max_password_file, "--auth-password-file");
    if (!text) {
      return std::unexpected(text.error());
    }
    // One line: the line end an editor or `echo` adds is not the password's.
    std::string password = std::move(*text);
    if (password.ends_with('\n')) {
      password.pop_back();
      if (password.ends_with('\r')) {
        password.pop_back();
      }
    }
    if (password.find('\n') != std::string::npos) {
      return fail(Errc::usage,
                  "--auth-password-file: the file holds more than one line; allowed: the password "
                  "on one line");
    }
    check.password = std::move(password);
  } else if (const char* env = std::getenv("SIPSURV_AUTH_PASSWORD"); env != nullptr && *env != '\0') {
    check.password = env;
  } else {
    return fail(Errc::usage,
                "--auth-user needs a password: --auth-password-file FILE or the environment "
                "variable SIPSURV_AUTH_PASSWORD (never on the command line)");
  }
  return check;
}

std::string
rfc3339_utc(std::chrono::system_clock::time_point t)
{
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

} // namespace sipsurv::cli
