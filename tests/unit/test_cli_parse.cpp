#include "cli/app.hpp"
#include "cli/phone_args.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

using namespace sipsurv::cli;

namespace {

ParseOutcome
parse(std::vector<std::string> argv, Args& args)
{
  argv.insert(argv.begin(), "sipsurv");
  return parse_command_line(argv, args);
}

} // namespace

TEST(CliParse, ResolveWithPhoneSettingsAfterTheCommand)
{
  Args args;
  const auto out = parse(
    {"resolve", "example.test", "--transport", "tls", "--dns", "127.0.0.1:5353", "--format", "json", "--seed", "9"},
    args);
  EXPECT_FALSE(out.exit_now) << out.error;
  EXPECT_EQ(out.command, Command::resolve);
  EXPECT_EQ(args.resolve.domain, "example.test");
  EXPECT_EQ(args.phone.transport, "tls");
  EXPECT_EQ(args.phone.dns, (std::vector<std::string>{"127.0.0.1:5353"}));
  EXPECT_EQ(args.output.format, Format::json);
  EXPECT_EQ(args.resolve.seed, 9U);
}

TEST(CliParse, BadValuesAreUsageErrors)
{
  for (std::vector<std::string> argv :
       std::vector<std::vector<std::string>>{{"resolve", "x.test", "--transport", "sctp"},
                                             {"resolve", "x.test", "--format", "xml"},
                                             {"resolve", "x.test", "--timeout", "-1"},
                                             {"resolve", "x.test", "--sip-server-port", "70000"},
                                             {"resolve", "x.test", "--no-such-option"},
                                             {"frobnicate"},
                                             {}}) {
    Args args;
    const auto out = parse(argv, args);
    EXPECT_TRUE(out.exit_now);
    EXPECT_EQ(out.exit_code, 64);
    EXPECT_FALSE(out.error.empty());
    EXPECT_EQ(out.error.find('\n'), std::string::npos) << out.error;
  }
}

TEST(CliParse, HelpAndVersionExitZero)
{
  Args a;
  auto help = parse({"--help"}, a);
  EXPECT_TRUE(help.exit_now);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("resolve"), std::string::npos);
  Args b;
  auto version = parse({"--version"}, b);
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("c-ares"), std::string::npos);
  EXPECT_NE(version.output.find("OpenSSL"), std::string::npos);
  EXPECT_NE(version.output.find("sofia-sip"), std::string::npos);
}

TEST(CliParse, PhoneSettingsValidation)
{
  PhoneArgs p;
  p.dns = {"not-an-ip"};
  auto s = to_phone_settings(p, "example.test");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("--dns"), std::string::npos);

  PhoneArgs q;
  q.backup_proxy = "backup.example.test:99999";
  EXPECT_FALSE(to_phone_settings(q, "example.test"));

  PhoneArgs r;
  r.transport = "tls";
  r.response_timer = 3700;
  auto ok = to_phone_settings(r, "example.test");
  ASSERT_TRUE(ok);
  const auto diff = non_default_settings(*ok);
  EXPECT_NE(std::find(diff.begin(), diff.end(), "--transport tls"), diff.end());
  EXPECT_NE(std::find(diff.begin(), diff.end(), "--response-timer 3700"), diff.end());
}

// Host options are checked where the settings are built: a typo is a usage
// error naming the option, not a DNS failure or a setting silently ignored.
TEST(PhoneSettings, HostOptionsAreValidated)
{
  for (const char* bad : {"bad host!", "a..b", "[::1", "[1.2.3.4]", "sip:x.test", "host:5060"}) {
    PhoneArgs a;
    a.sip_server = bad;
    auto s = to_phone_settings(a, "example.test");
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.error().code, sipsurv::Errc::usage);
    EXPECT_TRUE(s.error().message.starts_with("--sip-server '")) << s.error().message;
    EXPECT_NE(s.error().message.find("allowed: a host name"), std::string::npos) << s.error().message;
    PhoneArgs b;
    b.registrar = bad;
    EXPECT_FALSE(to_phone_settings(b, "example.test")) << bad;
    PhoneArgs c;
    c.survivability_proxy = bad;
    EXPECT_FALSE(to_phone_settings(c, "example.test")) << bad;
  }
  for (const char* bad : {"bad host!", "a..b", "[::1", "host:0", "sip:backup.example.test"}) {
    PhoneArgs a;
    a.backup_proxy = bad;
    auto s = to_phone_settings(a, "example.test");
    ASSERT_FALSE(s) << bad;
    EXPECT_TRUE(s.error().message.starts_with("--backup-proxy")) << s.error().message;
  }
  PhoneArgs good;
  good.sip_server = "[2001:db8::1]";
  good.registrar = "Registrar.Example.Test.";
  good.survivability_proxy = "127.0.0.5";
  good.backup_proxy = "[::1]:5070";
  auto s = to_phone_settings(good, "example.test");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->sip_server, "2001:db8::1");
  EXPECT_EQ(s->registrar, "Registrar.Example.Test");
  EXPECT_EQ(s->survivability_proxy, "127.0.0.5");
  ASSERT_TRUE(s->backup_proxy);
  EXPECT_EQ(s->backup_proxy->host, "::1");
  EXPECT_EQ(s->backup_proxy->port, 5070);
}

// The CliDoc that feeds man page and completions names exactly the options
// CLI11 parses: nothing missing, nothing extra.
TEST(CliDoc, MatchesCli11Options)
{
  const CliDoc doc = describe_command_line();
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
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

TEST(CliParse, ProbeTargetsAndOptions)
{
  Args args;
  const auto out =
    parse({"probe", "sip1.example.test:5061", "sips:[::1]", "--transport", "all", "--parallel", "8", "--timeout", "2.5",
           "--sni", "target", "--insecure", "--cert-warn-days", "10", "--format", "json"},
          args);
  EXPECT_FALSE(out.exit_now) << out.error;
  EXPECT_EQ(out.command, Command::probe);
  EXPECT_EQ(args.probe.targets, (std::vector<std::string>{"sip1.example.test:5061", "sips:[::1]"}));
  EXPECT_EQ(args.phone.transport, "all");
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
  ASSERT_FALSE(out.exit_now) << out.error; // CLI11 accepts it; the phone settings reject it
  auto settings = to_phone_settings(args.phone, args.resolve.domain);
  ASSERT_FALSE(settings);
  EXPECT_NE(settings.error().message.find("only for probe"), std::string::npos);
}
