#include "cli/commands/commands.hpp"
#include "cli/commands/common_options.hpp"
#include "cli/commands/dns_source.hpp"
#include "cli/diagnostics.hpp"
#include "cli/file_read.hpp"
#include "cli/phone_args.hpp"
#include "cli/probe_options.hpp"
#include "cli/progress.hpp"
#include "cli/render/probe_render.hpp"
#include "core/dns/cares_resolver.hpp"
#include "core/dns/site_dns.hpp"
#include "core/probe/probe_findings.hpp"
#include "core/probe/probe_plan.hpp"
#include "core/probe/prober.hpp"
#include "core/sip/sip_uri.hpp"
#include "core/util/escape.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace sipsurv::cli {
namespace {

using Clock = std::chrono::steady_clock;

// --targets FILE: one target per line; blank lines and # comments skipped.
// The file is read whole and bounded (read_bounded) before splitting lines:
// std::getline on a file without newlines (--targets /dev/zero) would grow
// one line without bound.
Result<std::vector<sip::TargetUri>>
read_targets_file(const std::string& path)
{
  auto content = read_bounded(path, limits::k_max_targets_file, "--targets");
  if (!content) {
    return std::unexpected(content.error());
  }
  const std::string& text = *content;
  std::vector<sip::TargetUri> out;
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t newline = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, newline - start);
    start = newline + 1;
    ++number;
    if (number > limits::k_max_file_lines) {
      return fail(Errc::usage,
                  fmt::format("--targets '{}': more than {} lines (max_file_lines)", escape_for_terminal(path),
                              limits::k_max_file_lines));
    }
    if (const auto hash = line.find('#'); hash != std::string::npos) {
      line.erase(hash);
    }
    const auto b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) {
      continue;
    }
    const auto e = line.find_last_not_of(" \t\r");
    auto t = sip::parse_target(std::string_view(line).substr(b, e - b + 1));
    if (!t) {
      return fail(Errc::usage, fmt::format("{}:{}: {}", escape_for_terminal(path), number, t.error().message));
    }
    if (out.size() >= limits::k_max_targets) {
      return fail(Errc::limit,
                  fmt::format("{}:{}: more than {} targets", escape_for_terminal(path), number, limits::k_max_targets));
    }
    out.push_back(*t);
  }
  return out;
}

// One bare name with no port, scheme or address is a SIP domain to resolve.
bool
is_domain_argument(const sip::TargetUri& t)
{
  return !t.is_uri && t.port == 0 && !t.ip_literal;
}

// Each probe in flight holds one socket: make room for --parallel of them
// (the soft limit is often 1024) within the hard limit.
void
raise_fd_limit(std::size_t parallel)
{
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    return;
  }
  const rlim_t wanted = static_cast<rlim_t>(parallel) + 64;
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < wanted) {
    lim.rlim_cur = lim.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, lim.rlim_max);
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

ExitCode
exit_code_for(const ProbeReport& report)
{
  const auto& rs = report.results;
  // Nothing learned of any server: no address, or no slot before the deadline.
  if (rs.empty() || std::all_of(rs.begin(), rs.end(), [](const probe::ProbeResult& r) {
        return r.state == probe::ProbeState::dns_failed || r.state == probe::ProbeState::not_probed;
      })) {
    return ExitCode::unknown;
  }
  if (std::none_of(rs.begin(), rs.end(), [](const probe::ProbeResult& r) { return probe::answered(r.state); })) {
    // None answered; with some not probed, that does not say none would.
    const bool unprobed = std::any_of(
      rs.begin(), rs.end(), [](const probe::ProbeResult& r) { return r.state == probe::ProbeState::not_probed; });
    return unprobed ? ExitCode::unknown : ExitCode::critical;
  }
  const bool all_ok =
    std::all_of(rs.begin(), rs.end(), [](const probe::ProbeResult& r) { return r.state == probe::ProbeState::ok; });
  const bool worrying = std::any_of(report.findings.begin(), report.findings.end(),
                                    [](const report::Finding& f) { return f.severity != report::Severity::info; });
  return all_ok && !worrying ? ExitCode::ok : ExitCode::warning;
}

} // namespace

DeclaredOptions
probe_options(Args& args)
{
  ProbeArgs& a = args.probe;
  DeclaredOptions out;
  out.push_back({positional_doc("TARGET",
                                "DOMAIN (probe its SRV servers), or targets: HOST[:PORT], [IPV6][:PORT], "
                                "sip:HOST[:PORT][;transport=T], sips:HOST[:PORT]",
                                true),
                 assign_texts(a.targets)});
  out.push_back({with_path(option_doc("--targets", "FILE", "Read targets from FILE, one per line; # starts a comment"),
                           OptionDoc::Path::existing_file),
                 assign_text(a.targets_file)});
  out.push_back(dns_file_option(a.dns_file));
  out.push_back({with_short(option_doc("--transport", "TRANSPORT",
                                       "Probe over this transport only; default: for DOMAIN every transport the site "
                                       "publishes SRV records for, for a TARGET its URI's transport, else udp",
                                       "", {"tls", "tcp", "udp", "all"}),
                            "-t"),
                 assign_choice(a.transport, {"tls", "tcp", "udp", "all"})});
  append(out, output_options(args.output, {"text", "json"}));
  append(out, probing_options(a.probing));
  append(out, register_options(a.probing, false));
  return out;
}

ExitCode
run_probe(const Args& args)
{
  const ProbeArgs& a = args.probe;
  const ProbingArgs& p = a.probing;
  const auto timeout = std::chrono::milliseconds(static_cast<long long>(p.timeout_s * 1000.0));
  // One deadline for the run: every DNS round and every probe (SPEC.md).
  const auto deadline = Clock::now() + timeout;

  // Targets from the command line and --targets.
  std::vector<sip::TargetUri> targets;
  for (const auto& text : a.targets) {
    auto t = sip::parse_target(text);
    if (!t) {
      print_error(t.error().message);
      return ExitCode::usage;
    }
    targets.push_back(*t);
  }
  if (!a.targets_file.empty()) {
    auto more = read_targets_file(a.targets_file);
    if (!more) {
      print_error(more.error().message);
      return ExitCode::usage;
    }
    targets.insert(targets.end(), more->begin(), more->end());
  }
  if (targets.size() > limits::k_max_targets) {
    print_error(fmt::format("{} targets; at most {} allowed", targets.size(), limits::k_max_targets));
    return ExitCode::usage;
  }
  auto registrar = register_check_of(p, p.register_check);
  if (!registrar) {
    print_error(registrar.error().message);
    return ExitCode::usage;
  }
  const bool domain_mode = (targets.size() == 1 && a.targets_file.empty() && is_domain_argument(targets.front())) ||
    (targets.empty() && a.targets_file.empty() &&
     (!args.settings.sip_gateway.empty() || !args.settings.sip_server.empty()));
  if (targets.empty() && !domain_mode) {
    print_error(a.targets_file.empty()
                  ? "give DOMAIN, one or more TARGETs, or --targets FILE"
                  : fmt::format("--targets '{}': no targets in the file", escape_for_terminal(a.targets_file)));
    return ExitCode::usage;
  }
  // --transport: one, or all; by default every transport a DOMAIN
  // publishes (plan_from_site keeps those with SRV records), and UDP for
  // a TARGET without sips: or ;transport= (RFC 3263 §4.1).
  const bool all = a.transport == "all" || (a.transport.empty() && domain_mode);
  PhoneSettings settings = args.settings;
  if (!a.transport.empty() && !all) {
    settings.transport = parse_transport(a.transport).value_or(Transport::udp);
  } else if (a.transport.empty() && !domain_mode) {
    settings.transport = Transport::udp;
  }
  if (domain_mode && !targets.empty()) {
    auto valid = dns::validate_domain(targets.front().host);
    if (!valid) {
      print_error(valid.error().message);
      return ExitCode::usage;
    }
    settings.sip_gateway = *valid;
  }
  const auto servers = dns_servers_of(settings);

  probe::PlanChoice choice;
  choice.transports = all ? probe::all_transports() : std::vector<Transport>{settings.transport};
  choice.sni = to_sni(p.sni);

  ProbeReport report;
  report.transport = all ? "all" : std::string(to_string(settings.transport));
  report.timeout_ms = timeout.count();
  report.parallel = p.parallel;
  std::optional<dns::SiteDns> site;
  std::vector<probe::ProbeSpec> specs;
  if (domain_mode) {
    auto plan = dns::make_plan(settings);
    if (!plan) {
      print_error(plan.error().message);
      return ExitCode::usage;
    }
    auto resolver = make_resolver(settings, a.dns_file, timeout);
    if (!resolver) {
      print_error(resolver.error().message);
      return resolver.error().code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
    }
    site = dns::resolve_site(settings, *plan, **resolver, p.seed, deadline);
    report.site = &*site;
    report.findings = site->findings;
    specs = probe::plan_from_site(*site, choice);
  } else {
    specs = probe::plan_from_targets(targets, choice, settings.sip_gateway);
  }
  // A hostile zone (256 SRV targets with 1024 addresses each, three
  // transports) could plan far more probes than anyone meant to send.
  if (specs.size() > limits::k_max_targets) {
    print_error(fmt::format("{} probes planned (targets x addresses x transports); at most {} allowed "
                            "(max_targets)",
                            specs.size(), limits::k_max_targets));
    return ExitCode::unknown;
  }

  probe::ProbeOptions options =
    to_probe_options(p, servers, std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  options.deadline = deadline; // what DNS used is gone from the probes' share
  options.registrar = std::move(*registrar);
  options.on_progress = progress_display(args.output);
  if (!domain_mode) {
    // Targets may fix their own transport (sips:, ;transport=): show what is probed.
    std::vector<std::string> used;
    for (const auto& spec : specs) {
      const std::string t(to_string(spec.transport));
      if (std::find(used.begin(), used.end(), t) == used.end()) {
        used.push_back(t);
      }
    }
    report.transport = fmt::format("{}", fmt::join(used, ","));
  }
  raise_fd_limit(options.parallel);
  auto results = probe::run_probes(specs, options);
  if (!results) {
    print_error(results.error().message);
    return results.error().code == Errc::usage ? ExitCode::usage : ExitCode::unknown;
  }
  report.results = std::move(*results);
  const auto probe_findings =
    probe::derive_probe_findings(report.results, std::chrono::days(static_cast<int>(p.cert_warn_days)));
  report.findings.insert(report.findings.end(), probe_findings.begin(), probe_findings.end());

  // print_report keeps a failed outcome, so the last piece's result is the run's.
  ReportWrite written = ReportWrite::ok;
  if (args.output.format == Format::json) {
    write_probe_json(report, [&written](std::string_view piece) { written = print_report(piece); });
  } else {
    written = print_report(render_probe_text(report, make_text_style(args.output.color, STDOUT_FILENO)));
  }
  if (site && specs.empty()) {
    print_error(dns::dns_outcome(*site) == dns::DnsOutcome::no_answer
                  ? "no DNS server answered; check --dns (allowed: ADDR[:PORT]) and --timeout"
                  : "DNS gave no server to probe (see the findings)");
  }
  return exit_after_report(written, exit_code_for(report));
}

} // namespace sipsurv::cli
