#include "cli/app.hpp"

#include "cli/phone_file.hpp"
#include "core/util/limits.hpp"
#include "core/util/versions.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace sipsurv::cli {
namespace {

// Declares each option twice by construction: to CLI11, which parses, and
// to the CliDoc, which feeds help, man page and completions.
class Declarer
{
public:
  explicit Declarer(CliDoc& doc) : m_doc(doc) {}

  template <typename T>
  CLI::Option* option(CLI::App& app, std::vector<OptionDoc>& docs, OptionDoc d, T& target)
  {
    const std::string name = d.positional ? d.name : d.name;
    CLI::Option* opt = app.add_option(d.positional ? to_lower(d.name) : d.name, target, d.help);
    if (d.positional) {
      opt->type_name(d.name);
    } else if (!d.value_name.empty()) {
      opt->type_name(d.value_name);
    }
    if (!d.choices.empty()) {
      opt->check(CLI::IsMember(d.choices));
    }
    if (d.path == OptionDoc::Path::existing_file) {
      opt->check(CLI::ExistingFile);
    } else if (d.path == OptionDoc::Path::directory) {
      opt->check(CLI::ExistingDirectory);
    }
    if (!d.default_value.empty()) {
      opt->default_str(d.default_value);
    }
    docs.push_back(std::move(d));
    return opt;
  }

  // A flag: no value, documented like an option.
  CLI::Option* flag(CLI::App& app, std::vector<OptionDoc>& docs, OptionDoc d, bool& target)
  {
    CLI::Option* f = app.add_flag(d.name, target, d.help);
    docs.push_back(std::move(d));
    return f;
  }

  CliDoc& doc() { return m_doc; }

private:
  static std::string to_lower(std::string s)
  {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  }
  CliDoc& m_doc;
};

// CLI11 reads a config file to its end, whatever it is: `--phone /dev/zero`
// would never return and a huge file would fill memory. Read at most the
// named limit (which also bounds its lines), then let CLI11's own INI/TOML reader parse the text.
class BoundedPhoneFile final : public CLI::ConfigBase
{
public:
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override
  {
    std::string text(limits::k_max_phone_file + 1, '\0');
    input.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(input.gcount()));
    if (text.size() > limits::k_max_phone_file) {
      throw CLI::FileError(
        fmt::format("--phone: the file is larger than {} bytes (max_phone_file)", limits::k_max_phone_file));
    }
    std::istringstream bounded(text);
    return CLI::ConfigBase::from_config(bounded);
  }
};

// CLI::Range lets "nan" through (every comparison with NaN is false), and a
// NaN or infinite number of seconds cast to an integer count is undefined
// behaviour. Found by fuzzing (tests/fuzz/regressions/cli_command_line/).
CLI::Validator
finite_number()
{
  return CLI::Validator(
    [](std::string& text) -> std::string {
      double value = 0;
      if (CLI::detail::lexical_cast(text, value) && !std::isfinite(value)) {
        return fmt::format("{} is not a finite number", text);
      }
      return {};
    },
    "");
}

OptionDoc
opt(std::string name, std::string value_name, std::string help, std::string default_value = {},
    std::vector<std::string> choices = {})
{
  OptionDoc d;
  d.name = std::move(name);
  d.value_name = std::move(value_name);
  d.help = std::move(help);
  d.default_value = std::move(default_value);
  d.choices = std::move(choices);
  return d;
}

OptionDoc
positional(std::string name, std::string help)
{
  OptionDoc d;
  d.name = std::move(name);
  d.help = std::move(help);
  d.positional = true;
  return d;
}

template <typename T>
OptionDoc
repeatable(T d)
{
  d.repeatable = true;
  return d;
}

OptionDoc
file(OptionDoc d)
{
  d.path = OptionDoc::Path::existing_file;
  return d;
}

OptionDoc
directory(OptionDoc d)
{
  d.path = OptionDoc::Path::directory;
  return d;
}

// A file sipsurv writes: completed as a file name, need not exist yet.
OptionDoc
output_file(OptionDoc d)
{
  d.path = OptionDoc::Path::output_file;
  return d;
}

// Phone settings, named after the phone's web interface (PHONE-MODEL.md).
// Global, so a --phone file can use the long names as keys.
void
add_phone_options(CLI::App& app, Declarer& decl, PhoneArgs& a)
{
  auto& g = decl.doc().global_options;
  const std::vector<std::string> yes_no{"yes", "no"};
  decl.option(app, g, opt("--sip-server", "HOST", "SIP server address (host or IP)"), a.sip_server);
  decl
    .option(app, g,
            opt("--sip-server-port", "PORT",
                "SIP server port; 0 = find the servers by DNS SRV (the default when DOMAIN is given)"),
            a.sip_server_port)
    ->check(CLI::Range(0U, 65535U));
  decl.option(app, g,
              opt("--sip-gateway", "DOMAIN", "SIP gateway address: the domain the SRV records are published for"),
              a.sip_gateway);
  decl.option(app, g, opt("--registrar", "HOST", "SIP registrar address"), a.registrar);
  decl.option(app, g, opt("--outbound-proxy", "yes|no", "Outbound proxy flag", "yes", yes_no), a.outbound_proxy);
  decl.option(app, g,
              opt("--transport", "TRANSPORT", "SIP transport of the phone (all: every transport, probe only)", "udp",
                  {"tls", "tcp", "udp", "all"}),
              a.transport);
  decl.option(app, g,
              repeatable(opt("--dns", "ADDR[:PORT]",
                             "DNS server to ask (repeatable: primary, secondary); default: the system resolver")),
              a.dns);
  decl
    .option(app, g, opt("--connectivity-check", "SECONDS", "TLS connectivity check interval; 0 = off", "0"),
            a.connectivity_check)
    ->check(finite_number())
    ->check(CLI::Range(0.0, 86400.0));
  decl
    .option(app, g, opt("--response-timer", "MS", "Call (INVITE) transaction response timer", "32000"),
            a.response_timer)
    ->check(CLI::Range(100U, 600000U));
  decl.option(app, g, opt("--non-invite-timer", "MS", "Non-INVITE transaction timer", "32000"), a.non_invite_timer)
    ->check(CLI::Range(100U, 600000U));
  decl
    .option(app, g, opt("--reg-backoff", "SECONDS", "Maximum registration backoff after a REGISTER timeout", "60"),
            a.reg_backoff)
    ->check(CLI::Range(0U, 86400U));
  decl
    .option(app, g, opt("--registration-expiry", "SECONDS", "Registration timer (expiry)", "3600"),
            a.registration_expiry)
    ->check(CLI::Range(1U, 604800U));
  decl.option(app, g, opt("--backup-proxy", "HOST[:PORT]", "Backup SIP server (port default 5060)"), a.backup_proxy);
  decl.option(app, g, opt("--backup-transport", "TRANSPORT", "Transport to the backup server", "udp", {"udp", "tcp"}),
              a.backup_transport);
  decl.option(app, g, opt("--backup-registration", "yes|no", "Register with the backup server too", "yes", yes_no),
              a.backup_registration);
  decl.option(app, g, opt("--survivability-proxy", "HOST", "SRV target that is the survivability proxy"),
              a.survivability_proxy);
  app.config_formatter(std::make_shared<BoundedPhoneFile>());
  auto* config = app.set_config("--phone", "", "Read phone settings from FILE (INI/TOML; keys = long option names)");
  config->type_name("FILE");
  g.push_back(file(opt("--phone", "FILE",
                       "Read phone settings from FILE (INI/TOML; keys = long option names); "
                       "options on the command line override it")));
}

void
add_output_options(CLI::App& sub, Declarer& decl, CommandDoc& cmd, OutputArgs& a, std::vector<std::string> formats,
                   std::string& format_text, std::string& color_text)
{
  decl.option(sub, cmd.options, opt("--format", "FORMAT", "Output format", "text", std::move(formats)), format_text);
  decl.option(sub, cmd.options,
              opt("--color", "WHEN", "Colour in text output (auto: only on a terminal without NO_COLOR)", "auto",
                  {"auto", "always", "never"}),
              color_text);
  (void)a;
}

struct Texts {
  std::string format = "text";
  std::string color = "auto";
};

struct Built {
  CLI::App* resolve = nullptr;
  CLI::App* probe = nullptr;
  CLI::App* status = nullptr;
  CLI::App* watch = nullptr;
  CLI::App* simulate = nullptr;
};

// How TLS probes trust and identify: probe, status, watch, and simulate (which
// probes the phone's servers unless --assume-up).
void
add_tls_options(CLI::App& sub, Declarer& decl, CommandDoc& cmd, ProbingArgs& a)
{
  decl.option(sub, cmd.options,
              opt("--sni", "WHAT", "TLS server name to send: the SIP domain, the SRV target, or none", "domain",
                  {"domain", "target", "none"}),
              a.sni);
  decl.option(sub, cmd.options,
              file(opt("--ca-file", "FILE", "Trust these CA certificates (PEM) instead of the system store")),
              a.ca_file);
  decl.option(sub, cmd.options,
              directory(opt("--ca-path", "DIR", "Trust the CA certificates in DIR (OpenSSL hashed directory)")),
              a.ca_path);
  decl.option(sub, cmd.options, file(opt("--cert", "FILE", "Client certificate (PEM) for mutual TLS")), a.cert);
  decl.option(sub, cmd.options, file(opt("--key", "FILE", "Private key (PEM) of --cert")), a.key);
  decl.flag(sub, cmd.options,
            opt("--insecure", "", "Report certificate verification failures as findings instead of failing the probe"),
            a.insecure);
}

// How probes run: the same options for probe, status and watch.
void
add_probing_options(CLI::App& sub, Declarer& decl, CommandDoc& cmd, ProbingArgs& a)
{
  decl.option(sub, cmd.options, opt("--parallel", "N", "Probes in flight at most", "64"), a.parallel)
    ->check(CLI::Range(1U, 1024U));
  decl
    .option(sub, cmd.options, opt("--timeout", "SECONDS", "One deadline for the whole run (DNS and every probe)", "5"),
            a.timeout_s)
    ->check(finite_number())
    ->check(CLI::Range(0.05, 300.0));
  add_tls_options(sub, decl, cmd, a);
  decl
    .option(sub, cmd.options, opt("--cert-warn-days", "DAYS", "Warn when a certificate expires within DAYS", "30"),
            a.cert_warn_days)
    ->check(CLI::Range(0U, 3650U));
  decl.option(sub, cmd.options, opt("--seed", "N", "Seed of the RFC 2782 weighted draw", "1"), a.seed);
}

// sipsurv simulate: the phone's failover as a timeline (PHONE-MODEL.md).
CLI::App*
add_simulate_command(CLI::App& app, Declarer& decl, CliDoc& doc, Args& args, Texts& texts)
{
  CommandDoc cmd{"simulate",
                 "Simulate the phone's failover as a timeline: where it registers, what happens when a "
                 "server fails, how long outgoing calls fail (best/worst case), when it fails back",
                 {}};
  CLI::App* sub = app.add_subcommand(cmd.name, cmd.summary);
  SimulateArgs& a = args.simulate;
  decl.option(*sub, cmd.options, positional("DOMAIN", "SIP gateway domain (the SRV domain)"), a.domain);
  add_output_options(*sub, decl, cmd, args.output, {"text", "json"}, texts.format, texts.color);
  decl.option(*sub, cmd.options,
              file(opt("--dns-file", "ZONE",
                       "Offline: read DNS from this zone file (SRV, A, AAAA, NAPTR, CNAME; "
                       "$ORIGIN, $TTL) instead of asking a DNS server")),
              a.dns_file);
  decl.option(*sub, cmd.options,
              repeatable(opt("--assume-down", "HOST",
                             "Treat this server (SRV target or backup) as down from the "
                             "start (repeatable)")),
              a.assume_down);
  sub->add_flag("--assume-up", a.assume_up, "Do not probe: every server not named by --assume-down is up");
  cmd.options.push_back(opt("--assume-up", "", "Do not probe: every server not named by --assume-down is up"));
  decl.option(*sub, cmd.options,
              file(opt("--scenario", "FILE",
                       "Timed events (TIME ACTION [TARGET]; actions up, down, 503, tls-fail, "
                       "link-lost, link-restored, call, dns-remove, dns-add); see the man page")),
              a.scenario_file);
  decl.option(*sub, cmd.options,
              opt("--duration", "TIME", "How long to simulate (90, 90s, 1500ms, 10m, 1h; at most one week)", "600s"),
              a.duration);
  sub->add_flag("--all-failures", a.all_failures, "Also simulate each server of the list failing alone");
  cmd.options.push_back(opt("--all-failures", "", "Also simulate each server of the list failing alone"));
  decl
    .option(*sub, cmd.options,
            opt("--timeout", "SECONDS", "One deadline for DNS and for probing the servers (unless --assume-up)", "5"),
            a.probing.timeout_s)
    ->check(finite_number())
    ->check(CLI::Range(0.05, 300.0));
  add_tls_options(*sub, decl, cmd, a.probing);
  decl.option(*sub, cmd.options,
              opt("--seed", "N", "Seed of the RFC 2782 weighted draw and of the random registration backoff", "1"),
              a.probing.seed);
  doc.commands.push_back(std::move(cmd));
  return sub;
}

// probe DOMAIN | TARGET…: SIP OPTIONS to every server (cli/commands/probe.cpp).
CLI::App*
add_probe_command(CLI::App& app, Declarer& decl, CliDoc& doc, Args& args, Texts& texts)
{
  CommandDoc cmd{"probe",
                 "Send SIP OPTIONS to every server of DOMAIN (or to each TARGET) over TLS, TCP and UDP "
                 "in parallel: reachability, timings, certificates",
                 {}};
  ProbeArgs& a = args.probe;
  CLI::App* sub = app.add_subcommand(cmd.name, cmd.summary);
  decl.option(*sub, cmd.options,
              positional("TARGET",
                         "DOMAIN (probe its SRV servers), or targets: HOST[:PORT], [IPV6][:PORT], "
                         "sip:HOST[:PORT][;transport=T], sips:HOST[:PORT]"),
              a.targets);
  decl.option(*sub, cmd.options,
              file(opt("--targets", "FILE", "Read targets from FILE, one per line; # starts a comment")),
              a.targets_file);
  add_output_options(*sub, decl, cmd, args.output, {"text", "json"}, texts.format, texts.color);
  add_probing_options(*sub, decl, cmd, a.probing);
  doc.commands.push_back(std::move(cmd));
  return sub;
}

void
add_status_options(CLI::App& sub, Declarer& decl, CommandDoc& cmd, StatusArgs& a)
{
  decl.option(sub, cmd.options, positional("DOMAIN", "SIP gateway domain (the SRV domain)"), a.domain);
  add_probing_options(sub, decl, cmd, a.probing);
  decl.option(sub, cmd.options,
              opt("--survivable-indicator", "TEXT",
                  "Text in an answer (header or reason) that means the survivability proxy stands in, "
                  "e.g. 'X-Survivability: active'"),
              a.survivable_indicator);
}

// status DOMAIN: resolve, probe, simulate, one verdict (cli/commands/status.cpp).
CLI::App*
add_status_command(CLI::App& app, Declarer& decl, CliDoc& doc, Args& args, Texts& texts)
{
  CommandDoc cmd{"status",
                 "The site's survivability state (NORMAL, DEGRADED, FAILOVER, SURVIVABLE, BACKUP, DOWN, "
                 "UNKNOWN) with numbered findings: resolve, probe and simulate in one report",
                 {}};
  CLI::App* sub = app.add_subcommand(cmd.name, cmd.summary);
  add_status_options(*sub, decl, cmd, args.status);
  add_output_options(*sub, decl, cmd, args.output, {"text", "json", "nagios", "openmetrics"}, texts.format,
                     texts.color);
  doc.commands.push_back(std::move(cmd));
  return sub;
}

// watch DOMAIN: status every interval, one line per change (cli/commands/watch.cpp).
CLI::App*
add_watch_command(CLI::App& app, Declarer& decl, CliDoc& doc, Args& args, Texts& texts)
{
  CommandDoc cmd{"watch",
                 "Repeat status every interval with hysteresis; one line per state change, a summary on "
                 "exit or Ctrl-C; exits with the worst state seen",
                 {}};
  CLI::App* sub = app.add_subcommand(cmd.name, cmd.summary);
  add_status_options(*sub, decl, cmd, args.status);
  add_output_options(*sub, decl, cmd, args.output, {"text", "json"}, texts.format, texts.color);
  WatchArgs& w = args.watch;
  decl
    .option(*sub, cmd.options,
            opt("--interval", "SECONDS", "Time between rounds; 0 = the connectivity-check interval, else 30", "0"),
            w.interval_s)
    ->check(finite_number())
    ->check(CLI::Range(0.0, 86400.0));
  decl
    .option(*sub, cmd.options,
            opt("--down-after", "N", "Consecutive failed rounds before a server counts as down", "2"), w.down_after)
    ->check(CLI::Range(1U, 100U));
  decl
    .option(*sub, cmd.options,
            opt("--up-after", "N", "Consecutive good rounds before a server counts as up again", "2"), w.up_after)
    ->check(CLI::Range(1U, 100U));
  decl.option(*sub, cmd.options, opt("--count", "N", "Stop after N rounds; 0 = no limit", "0"), w.count)
    ->check(CLI::Range(0U, 1000000U));
  decl.option(*sub, cmd.options, opt("--duration", "SECONDS", "Stop after this long; 0 = no limit", "0"), w.duration_s)
    ->check(finite_number())
    ->check(CLI::Range(0.0, 31536000.0));
  decl.option(*sub, cmd.options,
              output_file(opt("--textfile", "FILE",
                              "After every round, rewrite FILE (atomically) with OpenMetrics for "
                              "the Prometheus node-exporter textfile collector")),
              w.textfile);
  doc.commands.push_back(std::move(cmd));
  return sub;
}

Built
build_app(CLI::App& app, Args& args, CliDoc& doc, Texts& texts)
{
  Declarer decl(doc);
  app.require_subcommand(0, 1);
  app.fallthrough(); // phone settings may follow the subcommand
  app.set_version_flag("--version", fmt::format("sipsurv {}\n{}", SIPSURV_VERSION, library_versions_text()),
                       "Print the version of sipsurv and of c-ares, OpenSSL and sofia-sip, then exit");
  add_phone_options(app, decl, args.phone);

  Built built;
  {
    CommandDoc cmd{"resolve",
                   "Show the SIP server list the phone gets from DNS: NAPTR, SRV per transport, "
                   "A/AAAA with TTLs, RFC 2782 order",
                   {}};
    CLI::App* sub = app.add_subcommand(cmd.name, cmd.summary);
    decl.option(*sub, cmd.options, positional("DOMAIN", "SIP gateway domain (the SRV domain)"), args.resolve.domain);
    add_output_options(*sub, decl, cmd, args.output, {"text", "json"}, texts.format, texts.color);
    decl
      .option(*sub, cmd.options, opt("--timeout", "SECONDS", "Give up on DNS after this long", "5"),
              args.resolve.timeout_s)
      ->check(finite_number())
      ->check(CLI::Range(0.05, 300.0));
    decl.option(*sub, cmd.options,
                opt("--seed", "N", "Seed of the RFC 2782 weighted draw shown as the sample order", "1"),
                args.resolve.seed);
    doc.commands.push_back(std::move(cmd));
    built.resolve = sub;
  }
  built.probe = add_probe_command(app, decl, doc, args, texts);
  built.simulate = add_simulate_command(app, decl, doc, args, texts);
  built.status = add_status_command(app, decl, doc, args, texts);
  built.watch = add_watch_command(app, decl, doc, args, texts);
  return built;
}

Format
to_format(const std::string& s)
{
  if (s == "json") {
    return Format::json;
  }
  if (s == "nagios") {
    return Format::nagios;
  }
  if (s == "openmetrics") {
    return Format::openmetrics;
  }
  return Format::text;
}

ColorMode
to_color(const std::string& s)
{
  return s == "always" ? ColorMode::always : s == "never" ? ColorMode::never : ColorMode::auto_detect;
}

// CLI11 messages can span lines; a usage error is one line.
std::string
one_line(std::string s)
{
  std::replace(s.begin(), s.end(), '\n', ' ');
  while (!s.empty() && s.back() == ' ') {
    s.pop_back();
  }
  return s;
}

} // namespace

ParseOutcome
parse_command_line(const std::vector<std::string>& argv, Args& args)
{
  CLI::App app{"sipsurv: SIP DNS SRV failover and survivability diagnostics", "sipsurv"};
  CliDoc doc;
  Texts texts;
  const Built built = build_app(app, args, doc, texts);
  ParseOutcome out;
  // CLI11 would read a --phone file whole and ignore mistakes: check it first.
  if (const auto phone_file = phone_file_argument(argv)) {
    if (auto valid = validate_phone_file(*phone_file); !valid) {
      out.exit_now = true;
      out.exit_code = 64;
      out.error = valid.error().message;
      return out;
    }
  }
  std::vector<std::string> reversed(argv.rbegin(), argv.rend() - (argv.empty() ? 0 : 1));
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out.exit_now = true;
    out.output = app.help();
    return out;
  } catch (const CLI::CallForAllHelp&) {
    out.exit_now = true;
    out.output = app.help("", CLI::AppFormatMode::All);
    return out;
  } catch (const CLI::CallForVersion& e) {
    out.exit_now = true;
    out.output = std::string(e.what()) + "\n";
    return out;
  } catch (const CLI::ParseError& e) {
    out.exit_now = true;
    out.exit_code = 64;
    out.error = one_line(e.what()) + "; see 'sipsurv --help'";
    return out;
  }
  args.output.format = to_format(texts.format);
  args.output.color = to_color(texts.color);
  if (built.resolve->parsed()) {
    out.command = Command::resolve;
  } else if (built.probe->parsed()) {
    out.command = Command::probe;
  } else if (built.status->parsed()) {
    out.command = Command::status;
  } else if (built.watch->parsed()) {
    out.command = Command::watch;
  } else if (built.simulate->parsed()) {
    out.command = Command::simulate;
  } else {
    out.exit_now = true;
    out.exit_code = 64;
    out.error = "no command given; allowed: resolve, probe, simulate, status, watch; see 'sipsurv --help'";
  }
  return out;
}

CliDoc
describe_command_line()
{
  CLI::App app{"sipsurv", "sipsurv"};
  Args args;
  CliDoc doc;
  Texts texts;
  build_app(app, args, doc, texts);
  return doc;
}

std::vector<std::pair<std::string, std::string>>
cli11_option_names()
{
  CLI::App app{"sipsurv", "sipsurv"};
  Args args;
  CliDoc doc;
  Texts texts;
  build_app(app, args, doc, texts);
  std::vector<std::pair<std::string, std::string>> out;
  auto collect = [&](const CLI::App& a, const std::string& scope) {
    for (const CLI::Option* o : a.get_options()) {
      if (o->get_name() == "--help" || o->get_name() == "--version") {
        continue;
      }
      const auto& lnames = o->get_lnames();
      out.emplace_back(scope, lnames.empty() ? o->get_name() : "--" + lnames.front());
    }
  };
  collect(app, "");
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    collect(*sub, sub->get_name());
  }
  return out;
}

} // namespace sipsurv::cli
