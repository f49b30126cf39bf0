#include "cli/app.hpp"
#include "cli/command_options.hpp"
#include "cli/phone_args.hpp"
#include "cli/phone_setting_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

using namespace sipsurv;
using namespace sipsurv::cli;

namespace {

ParseOutcome
parse(std::vector<std::string> argv, Args& args)
{
  argv.insert(argv.begin(), "sipsurv");
  return parse_command_line(argv, args);
}

std::string
lower(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool
contains(const std::vector<std::string>& list, std::string_view item)
{
  return std::find(list.begin(), list.end(), item) != list.end();
}

} // namespace

TEST(CliParse, ResolveWithPhoneSettingsAfterTheCommand)
{
  Args args;
  const auto out = parse(
    {"resolve", "example.test", "--transport", "tls", "--dns", "127.0.0.1:5353", "--format", "json", "--seed", "9"},
    args);
  ASSERT_FALSE(out.exit_now) << out.error;
  ASSERT_NE(out.command, nullptr);
  EXPECT_EQ(out.command->name, "resolve");
  EXPECT_EQ(args.resolve.domain, "example.test");
  EXPECT_EQ(args.settings.transport, Transport::tls);
  EXPECT_EQ(args.settings.dns_servers, (std::vector<std::string>{"127.0.0.1:5353"}));
  EXPECT_EQ(args.output.format, Format::json);
  EXPECT_EQ(args.resolve.seed, 9U);
}

TEST(CliParse, BadValuesAreOneLineUsageErrorsNamingTheOption)
{
  for (std::vector<std::string> argv :
       std::vector<std::vector<std::string>>{{"resolve", "x.test", "--transport", "sctp"},
                                             {"resolve", "x.test", "--format", "xml"},
                                             {"resolve", "x.test", "--timeout", "-1"},
                                             {"resolve", "x.test", "--sip-server-port", "70000"},
                                             {"status", "x.test", "--connectivity-check", "30.5"},
                                             {"status", "x.test", "--response-timer", "50"}}) {
    Args args;
    const auto out = parse(argv, args);
    EXPECT_TRUE(out.exit_now) << argv[2];
    EXPECT_EQ(out.exit_code, 64) << argv[2];
    EXPECT_TRUE(out.error.starts_with(argv[2] + " '" + argv[3] + "': ")) << out.error;
    EXPECT_NE(out.error.find("allowed: "), std::string::npos) << out.error;
    EXPECT_EQ(out.error.find('\n'), std::string::npos) << out.error;
  }
}

// Errors in sipsurv's voice, never CLI11's ("At Most 1 required but received 2").
TEST(CliParse, ShapeErrorsSuggestTheNearestCommandOrOption)
{
  Args a;
  auto typo = parse({"statsu", "x.test"}, a);
  EXPECT_EQ(typo.exit_code, 64);
  EXPECT_EQ(typo.error,
            "unknown command 'statsu'; did you mean 'status'?; allowed: resolve, probe, simulate, "
            "status, watch");
  Args b;
  auto option = parse({"status", "x.test", "--timout", "3"}, b);
  EXPECT_EQ(option.error.rfind("unknown option '--timout' for status; did you mean '--timeout'?", 0), 0U)
    << option.error;
  Args c;
  auto elsewhere = parse({"resolve", "x.test", "--insecure"}, c);
  EXPECT_NE(elsewhere.error.find("(--insecure is an option of probe, simulate, status, watch)"), std::string::npos)
    << elsewhere.error;
  Args d;
  auto before = parse({"--transport", "tls", "status", "x.test"}, d);
  EXPECT_EQ(before.error, "--transport goes after the command: sipsurv status … --transport …");
  Args e;
  auto two = parse({"resolve", "a.test", "b.test"}, e);
  EXPECT_EQ(two.exit_code, 64);
  EXPECT_EQ(two.error.find("At Most"), std::string::npos) << two.error;
  EXPECT_NE(two.error.find("resolve takes one DOMAIN"), std::string::npos) << two.error;
  Args f;
  auto missing = parse({"status", "x.test", "--timeout"}, f);
  EXPECT_EQ(missing.error, "--timeout needs a value (SECONDS); see 'sipsurv status --help'");
  Args g;
  auto none = parse({}, g);
  EXPECT_EQ(none.exit_code, 64);
  EXPECT_NE(none.error.find("no command given"), std::string::npos);
}

TEST(CliParse, NagiosUsageErrorsAreUnknown)
{
  Args args;
  const auto out = parse({"status", "x.test", "--format", "nagios", "--timeout", "zero"}, args);
  EXPECT_EQ(out.exit_code, 3);
  EXPECT_TRUE(out.output.starts_with("SIPSURV UNKNOWN - usage error: --timeout 'zero': ")) << out.output;
  EXPECT_FALSE(out.error.empty());
}

TEST(CliParse, HelpAndVersionExitZero)
{
  Args a;
  auto help = parse({"--help"}, a);
  EXPECT_TRUE(help.exit_now);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("resolve"), std::string::npos);
  Args b;
  auto version = parse({"-V"}, b);
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("c-ares"), std::string::npos);
  EXPECT_NE(version.output.find("OpenSSL"), std::string::npos);
  EXPECT_NE(version.output.find("sofia-sip"), std::string::npos);
}

// A command's --help shows everything it takes, the phone settings under
// their own heading.
TEST(CliParse, CommandHelpShowsItsPhoneSettings)
{
  Args args;
  const auto help = parse({"status", "--help"}, args);
  EXPECT_EQ(help.exit_code, 0);
  const auto heading = help.output.find("Phone settings:");
  ASSERT_NE(heading, std::string::npos) << help.output;
  for (const char* name : {"--transport", "--dns", "--backup-proxy", "--connectivity-check", "--phone"}) {
    EXPECT_NE(help.output.find(name, heading), std::string::npos) << name;
  }
  Args r;
  const auto resolve = parse({"resolve", "--help"}, r);
  EXPECT_NE(resolve.output.find("--dns"), std::string::npos);
  EXPECT_EQ(resolve.output.find("--backup-proxy"), std::string::npos) << "resolve does not model the phone";
}

// Values as the phone's web interface writes them.
TEST(CliParse, ValuesAreReadAsTheWebInterfaceWritesThem)
{
  Args args;
  const auto out = parse({"status", "x.test", "--transport", "TLS", "--backup-registration", "false",
                          "--outbound-proxy", "On", "-d", "127.0.0.1:53", "-f", "JSON"},
                         args);
  ASSERT_FALSE(out.exit_now) << out.error;
  EXPECT_EQ(args.settings.transport, Transport::tls);
  EXPECT_FALSE(args.settings.backup_registration);
  EXPECT_TRUE(args.settings.outbound_proxy);
  EXPECT_EQ(args.settings.dns_servers, (std::vector<std::string>{"127.0.0.1:53"}));
  EXPECT_EQ(args.output.format, Format::json);
}

// The report header's list: every setting and option that differs from its
// default, the TLS and seed options included (a pasted report is complete).
TEST(CliParse, ReportSettingsListEverythingThatIsNotTheDefault)
{
  Args args;
  const auto out = parse({"status", "x.test", "--transport", "tls", "--insecure", "--sni", "target", "--seed", "7",
                          "--timeout", "5", "--response-timer", "3700", "--format", "json"},
                         args);
  ASSERT_FALSE(out.exit_now) << out.error;
  EXPECT_EQ(
    args.report_settings,
    (std::vector<std::string>{"--transport tls", "--response-timer 3700", "--sni target", "--insecure", "--seed 7"}));
}

TEST(CliParse, PhoneSettingsValidation)
{
  Args a;
  EXPECT_NE(parse({"resolve", "x.test", "--dns", "not-an-ip"}, a).error.find("--dns 'not-an-ip': "), std::string::npos);
  Args b;
  EXPECT_EQ(parse({"status", "x.test", "--backup-proxy", "backup.example.test:99999"}, b).exit_code, 64);
  Args c;
  ASSERT_FALSE(parse({"status", "x.test", "--transport", "tls", "--response-timer", "3700"}, c).exit_now);
  EXPECT_TRUE(contains(c.report_settings, "--transport tls"));
  EXPECT_TRUE(contains(c.report_settings, "--response-timer 3700"));
}

// Host options are checked where the settings are built: a typo is a usage
// error naming the option, not a DNS failure or a setting silently ignored.
TEST(PhoneSettings, HostOptionsAreValidated)
{
  for (const char* bad : {"bad host!", "a..b", "[::1", "[1.2.3.4]", "sip:x.test", "host:5060"}) {
    for (const char* option : {"--sip-server", "--registrar", "--survivability-proxy"}) {
      Args a;
      const auto out = parse({"status", "example.test", option, bad}, a);
      ASSERT_TRUE(out.exit_now) << option << " " << bad;
      EXPECT_EQ(out.exit_code, 64);
      EXPECT_TRUE(out.error.starts_with(std::string(option) + " '")) << out.error;
      EXPECT_NE(out.error.find("allowed: a host name"), std::string::npos) << out.error;
    }
  }
  for (const char* bad : {"bad host!", "a..b", "[::1", "host:0", "sip:backup.example.test"}) {
    Args a;
    const auto out = parse({"status", "example.test", "--backup-proxy", bad}, a);
    ASSERT_TRUE(out.exit_now) << bad;
    EXPECT_TRUE(out.error.starts_with("--backup-proxy")) << out.error;
  }
  Args good;
  const auto ok =
    parse({"status", "example.test", "--sip-server", "[2001:db8::1]", "--registrar", "Registrar.Example.Test.",
           "--survivability-proxy", "127.0.0.5", "--backup-proxy", "[::1]:5070"},
          good);
  ASSERT_FALSE(ok.exit_now) << ok.error;
  const PhoneSettings& s = good.settings;
  EXPECT_EQ(s.sip_server, "2001:db8::1");
  EXPECT_EQ(s.registrar, "Registrar.Example.Test");
  EXPECT_EQ(s.survivability_proxy, "127.0.0.5");
  ASSERT_TRUE(s.backup_proxy);
  EXPECT_EQ(s.backup_proxy->host, "::1");
  EXPECT_EQ(s.backup_proxy->port, 5070);
}

// The CliDoc that feeds help, man page and completions names exactly the
// options CLI11 parses: nothing missing, nothing extra.
TEST(CliDoc, MatchesCli11Options)
{
  const CliDoc doc = describe_command_line();
  std::vector<std::pair<std::string, std::string>> documented;
  for (const auto& o : doc.global_options) {
    documented.emplace_back("", lower(o.name));
  }
  for (const auto& c : doc.commands) {
    for (const auto& o : c.options) {
      documented.emplace_back(c.name, lower(o.name));
    }
  }
  auto parsed = cli11_option_names();
  for (auto& [scope, name] : parsed) {
    name = lower(name);
  }
  std::sort(documented.begin(), documented.end());
  std::sort(parsed.begin(), parsed.end());
  EXPECT_EQ(documented, parsed);
}

// Every phone-settings option of every command is a row of the settings
// table (or --phone), and every row is an option of the commands the table
// says take it: a setting is declared once.
TEST(CliDoc, PhoneSettingsOptionsAndTableRowsAgree)
{
  const CliDoc doc = describe_command_line();
  std::set<std::string> rows;
  for (const auto& row : phone_setting_table()) {
    rows.insert("--" + std::string(row.name));
  }
  std::set<std::string> declared;
  for (const auto& c : doc.commands) {
    for (const auto& o : c.options) {
      if (o.group == OptionDoc::k_phone_group && o.name != "--phone") {
        EXPECT_TRUE(rows.contains(o.name)) << c.name << " " << o.name << " has no row in the settings table";
        declared.insert(o.name);
      }
    }
  }
  ASSERT_EQ(doc.phone_settings.size(), phone_setting_table().size());
  for (const auto& s : doc.phone_settings) {
    EXPECT_TRUE(declared.contains(s.option.name)) << s.option.name << " is an option of no command";
    EXPECT_FALSE(s.commands.empty()) << s.option.name;
    for (const auto& name : s.commands) {
      const auto c =
        std::find_if(doc.commands.begin(), doc.commands.end(), [&](const CommandDoc& d) { return d.name == name; });
      ASSERT_NE(c, doc.commands.end());
      EXPECT_TRUE(
        std::any_of(c->options.begin(), c->options.end(), [&](const OptionDoc& o) { return o.name == s.option.name; }))
        << name << " lacks " << s.option.name;
    }
  }
}

// Every CLI11 subcommand is a row of the command table and the reverse;
// each row runs through its own function.
TEST(CliDoc, CommandsAndTableRowsAgree)
{
  std::set<std::string> from_cli11;
  for (const auto& [scope, name] : cli11_option_names()) {
    if (!scope.empty()) {
      from_cli11.insert(scope);
    }
  }
  std::set<std::string> from_table;
  for (const auto& c : command_table()) {
    from_table.insert(std::string(c.name));
    EXPECT_NE(c.run, nullptr) << c.name;
    EXPECT_NE(c.options, nullptr) << c.name;
    EXPECT_FALSE(c.summary.empty()) << c.name;
  }
  EXPECT_EQ(from_cli11, from_table);
}

TEST(CliParse, ProbeTargetsAndOptions)
{
  Args args;
  const auto out =
    parse({"probe", "sip1.example.test:5061", "sips:[::1]", "--transport", "all", "--parallel", "8", "--timeout", "2.5",
           "--sni", "target", "--insecure", "--cert-warn-days", "10", "--format", "json"},
          args);
  ASSERT_FALSE(out.exit_now) << out.error;
  EXPECT_EQ(out.command->name, "probe");
  EXPECT_EQ(args.probe.targets, (std::vector<std::string>{"sip1.example.test:5061", "sips:[::1]"}));
  EXPECT_EQ(args.probe.transport, "all");
  EXPECT_EQ(args.probe.probing.parallel, 8U);
  EXPECT_DOUBLE_EQ(args.probe.probing.timeout_s, 2.5);
  EXPECT_EQ(args.probe.probing.sni, "target");
  EXPECT_TRUE(args.probe.probing.insecure);
  EXPECT_EQ(args.probe.probing.cert_warn_days, 10U);
  EXPECT_EQ(args.output.format, Format::json);
}

TEST(CliParse, ProbeBadValuesAreUsageErrors)
{
  for (std::vector<std::string> argv :
       std::vector<std::vector<std::string>>{{"probe", "x.test", "--parallel", "0"},
                                             {"probe", "x.test", "--sni", "both"},
                                             {"probe", "x.test", "--timeout", "0"},
                                             {"probe", "x.test", "--targets", "/nonexistent/file"},
                                             {"probe", "x.test", "--transport", "sctp"}}) {
    Args args;
    const auto out = parse(argv, args);
    EXPECT_TRUE(out.exit_now) << argv[2];
    EXPECT_EQ(out.exit_code, 64);
    EXPECT_EQ(out.error.find('\n'), std::string::npos) << out.error;
  }
}

TEST(CliParse, TransportAllIsOnlyForProbe)
{
  Args args;
  const auto out = parse({"resolve", "x.test", "--transport", "all"}, args);
  ASSERT_TRUE(out.exit_now);
  EXPECT_EQ(out.error, "--transport 'all': not allowed; allowed: tls, tcp, udp; see 'sipsurv resolve --help'");
}
