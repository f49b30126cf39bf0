#include "cli/commands/common_options.hpp"

#include "cli/value_parse.hpp"
#include "core/probe/probe_types.hpp"
#include "core/util/limits.hpp"

#include <string>

namespace sipsurv::cli {

void
append(DeclaredOptions& to, DeclaredOptions more)
{
  for (auto& o : more) {
    to.push_back(std::move(o));
  }
}

DeclaredOptions
output_options(OutputArgs& a, const std::vector<std::string>& formats)
{
  DeclaredOptions out;
  out.push_back({with_short(option_doc("--format", "FORMAT", "Output format", "text", formats), "-f"),
                 [&a, formats](const std::vector<std::string>& values) {
                   auto parsed = parse_choice(values.back(), formats);
                   if (parsed.error.empty()) {
                     a.format = parsed.value == "json" ? Format::json
                       : parsed.value == "nagios"      ? Format::nagios
                       : parsed.value == "openmetrics" ? Format::openmetrics
                                                       : Format::text;
                   }
                   return parsed.error;
                 }});
  const std::vector<std::string> when{"auto", "always", "never"};
  out.push_back(
    {option_doc("--color", "WHEN", "Colour in text output (auto: only on a terminal without NO_COLOR)", "auto", when),
     [&a, when](const std::vector<std::string>& values) {
       auto parsed = parse_choice(values.back(), when);
       if (parsed.error.empty()) {
         a.color = parsed.value == "always" ? ColorMode::always
           : parsed.value == "never"        ? ColorMode::never
                                            : ColorMode::auto_detect;
       }
       return parsed.error;
     }});
  return out;
}

DeclaredOptions
tls_options(ProbingArgs& a)
{
  using Path = OptionDoc::Path;
  const std::vector<std::string> sni{"domain", "target", "none"};
  DeclaredOptions out;
  out.push_back(
    {option_doc("--sni", "WHAT", "TLS server name to send: the SIP domain, the SRV target, or none", "domain", sni),
     assign_choice(a.sni, sni)});
  out.push_back(
    {with_path(option_doc("--ca-file", "FILE", "Trust these CA certificates (PEM) instead of the system store"),
               Path::existing_file),
     assign_text(a.ca_file)});
  out.push_back(
    {with_path(option_doc("--ca-path", "DIR", "Trust the CA certificates in DIR (OpenSSL hashed directory)"),
               Path::directory),
     assign_text(a.ca_path)});
  out.push_back(
    {with_path(option_doc("--cert", "FILE", "Client certificate (PEM) for mutual TLS"), Path::existing_file),
     assign_text(a.cert)});
  out.push_back(
    {with_path(option_doc("--key", "FILE", "Private key (PEM) of --cert"), Path::existing_file), assign_text(a.key)});
  out.push_back(
    {flag_doc("--insecure", "Report certificate verification failures as findings instead of failing the probe"),
     assign_flag(a.insecure)});
  return out;
}

DeclaredOptions
register_options(ProbingArgs& a, bool on_by_default)
{
  DeclaredOptions out;
  if (on_by_default) {
    out.push_back({flag_doc("--no-register-check",
                            "Do not send the registrar check's REGISTER (no Contact: it changes no binding) after "
                            "a successful OPTIONS"),
                   assign_flag(a.no_register_check)});
  } else {
    out.push_back({flag_doc("--register-check",
                            "After a successful OPTIONS, send a REGISTER without Contact (it changes no binding): "
                            "does the registrar take a registration?"),
                   assign_flag(a.register_check)});
  }
  out.push_back({option_doc("--auth-user", "USER",
                            "Answer the registrar's digest challenge as USER (MD5 or SHA-256); the password comes "
                            "from --auth-password-file or SIPSURV_AUTH_PASSWORD"),
                 assign_text(a.auth_user)});
  out.push_back({with_path(option_doc("--auth-password-file", "FILE",
                                      "Read the password of --auth-user from FILE (one line; never printed)"),
                           OptionDoc::Path::existing_file),
                 assign_text(a.auth_password_file)});
  return out;
}

DeclaredOption
timeout_option(double& target, std::string help)
{
  return {option_doc("--timeout", "SECONDS", std::move(help), "5"), assign_number(target, 0.05, 300, "seconds")};
}

DeclaredOption
seed_option(std::uint64_t& target, std::string help)
{
  return {option_doc("--seed", "N", std::move(help), "1"), assign_u64(target)};
}

DeclaredOptions
probing_options(ProbingArgs& a)
{
  DeclaredOptions out;
  out.push_back({option_doc("--parallel", "N", "Probes in flight at most", std::to_string(probe::k_default_parallel)),
                 assign_unsigned(a.parallel, 1, static_cast<unsigned>(limits::k_max_targets), "")});
  out.push_back(timeout_option(a.timeout_s, "One deadline for the whole run (DNS and every probe)"));
  append(out, tls_options(a));
  out.push_back({option_doc("--cert-warn-days", "DAYS", "Warn when a certificate expires within DAYS", "30"),
                 assign_unsigned(a.cert_warn_days, 0, 3650, "days")});
  out.push_back(seed_option(a.seed, "Seed of the RFC 2782 weighted draw"));
  return out;
}

} // namespace sipsurv::cli
