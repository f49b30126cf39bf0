#include "cli/commands/commands.hpp"
#include "cli/commands/common_options.hpp"
#include "cli/diagnostics.hpp"
#include "cli/phone_args.hpp"
#include "cli/render/resolve_render.hpp"
#include "core/dns/cares_resolver.hpp"
#include "core/dns/site_dns.hpp"
#include "core/util/escape.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace sipsurv::cli {
namespace {

// Why no server was usable, in one line for stderr.
std::string
failure_line(const dns::SiteDns& site)
{
  for (const auto& f : site.findings) {
    if (f.severity == report::Severity::critical) {
      return escape_for_terminal(fmt::format("{}: {} ({})", f.id, f.message, f.evidence));
    }
  }
  return "no usable SIP server";
}

} // namespace

DeclaredOptions
resolve_options(Args& args)
{
  DeclaredOptions out;
  out.push_back({positional_doc("DOMAIN", "SIP gateway domain (the SRV domain)"), assign_text(args.resolve.domain)});
  append(out, output_options(args.output, {"text", "json"}));
  out.push_back(timeout_option(args.resolve.timeout_s, "Give up on DNS after this long"));
  out.push_back(seed_option(args.resolve.seed, "Seed of the RFC 2782 weighted draw shown as the sample order"));
  return out;
}

ExitCode
run_resolve(const Args& args)
{
  auto phone = to_phone_plan(args.settings, args.resolve.domain);
  if (!phone) {
    print_error(phone.error().message);
    return ExitCode::usage;
  }
  const auto timeout = std::chrono::milliseconds(static_cast<long long>(args.resolve.timeout_s * 1000.0));
  auto resolver = dns::CaresResolver::create({dns_servers_of(args.settings), timeout});
  if (!resolver) {
    print_error(resolver.error().message);
    return resolver.error().code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
  }
  const dns::SiteDns site = dns::resolve_site(phone->settings, phone->plan, **resolver, args.resolve.seed);

  if (args.output.format == Format::json) {
    print_report(render_resolve_json(site));
  } else {
    print_report(render_resolve_text(site, make_text_style(args.output.color, STDOUT_FILENO)));
  }
  switch (dns::dns_outcome(site)) {
  case dns::DnsOutcome::usable:
    return ExitCode::ok;
  case dns::DnsOutcome::unusable:
    print_error(failure_line(site));
    return ExitCode::critical;
  case dns::DnsOutcome::no_answer:
    break;
  }
  print_error(fmt::format("no DNS server answered: {}; check --dns (allowed: ADDR[:PORT]) and --timeout",
                          site.srv_sets.empty() ? site.resolver : site.srv_sets.front().lookup.detail));
  return ExitCode::unknown;
}

} // namespace sipsurv::cli
