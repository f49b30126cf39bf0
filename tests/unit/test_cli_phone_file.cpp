#include "cli/app.hpp"
#include "cli/phone_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

using namespace sipsurv;
using namespace sipsurv::cli;

namespace {

PhoneSettings
settings_of(std::string_view text)
{
  auto parsed = parse_phone_text(text, "f");
  EXPECT_TRUE(parsed) << parsed.error().message;
  PhoneSettings s;
  if (parsed) {
    EXPECT_TRUE(apply_phone_file(*parsed, "f", s));
  }
  return s;
}

std::string
error_of(std::string_view text, std::string_view name = "f")
{
  auto parsed = parse_phone_text(text, name);
  EXPECT_FALSE(parsed) << text;
  return parsed ? std::string() : parsed.error().message;
}

} // namespace

TEST(CliPhoneFile, AcceptsTheOptionNames)
{
  const auto s = settings_of("# site A\n[default]\ntransport = \"tls\"\nconnectivity-check = 30\n"
                             "dns = [\"127.0.0.1:5353\", \"127.0.0.2\"]\nbackup-registration = no\n");
  EXPECT_EQ(s.transport, Transport::tls);
  EXPECT_EQ(s.connectivity_check.count(), 30);
  EXPECT_EQ(s.dns_servers, (std::vector<std::string>{"127.0.0.1:5353", "127.0.0.2"}));
  EXPECT_FALSE(s.backup_registration);
}

// The web-interface labels and values as the web interface writes them.
TEST(CliPhoneFile, AcceptsTheWebInterfaceLabelsAndValues)
{
  const auto s = settings_of("SIP transport = TLS\nConnectivity check timer = 30   # seconds\n"
                             "Call transaction response timer = 3700\nNon-call transaction timer = 6000\n"
                             "Reg. backoff = 30\nPrimary DNS = 192.0.2.53\nSecondary DNS = 192.0.2.54\n"
                             "Backup registration allowed = false\nOUTBOUND PROXY = On\n"
                             "SIP gateway address = Example.COM\n");
  EXPECT_EQ(s.transport, Transport::tls);
  EXPECT_EQ(s.connectivity_check.count(), 30);
  EXPECT_EQ(s.response_timer.count(), 3700);
  EXPECT_EQ(s.non_invite_timer.count(), 6000);
  EXPECT_EQ(s.reg_backoff.count(), 30);
  EXPECT_EQ(s.dns_servers, (std::vector<std::string>{"192.0.2.53", "192.0.2.54"}));
  EXPECT_FALSE(s.backup_registration);
  EXPECT_TRUE(s.outbound_proxy);
  EXPECT_EQ(s.sip_gateway, "Example.COM");
}

TEST(CliPhoneFile, UnknownKeyNamesFileLineAndSuggests)
{
  const auto e = error_of("transport = tls\nresponse-timr = 3700\n", "site.ini");
  EXPECT_EQ(e.rfind("site.ini:2: unknown setting 'response-timr'; did you mean 'response-timer'?; allowed: dns, "
                    "sip-server",
                    0),
            0U)
    << e;
}

TEST(CliPhoneFile, BadValuesSayWhatIsAllowed)
{
  EXPECT_EQ(error_of("response-timer = 50\n"),
            "f:1: response-timer '50': out of range; allowed: a whole number, 100 to 600000 ms");
  EXPECT_EQ(error_of("\ntransport = sctp\n"), "f:2: transport 'sctp': not allowed; allowed: tls, tcp, udp");
  EXPECT_NE(error_of("dns = [\"not an address\"]\n").find("f:1: dns 'not an address': "), std::string::npos);
  EXPECT_EQ(error_of("[probe]\n"),
            "f:1: section '[probe]' is not supported; allowed: KEY = VALUE lines, no sections (a [default] header is "
            "ignored)");
  EXPECT_EQ(error_of("transport tls\n"), "f:1: 'transport tls' is not a setting; allowed: KEY = VALUE");
  EXPECT_EQ(error_of("transport = [tls, udp]\n"), "f:1: transport: a list; allowed: one value");
  EXPECT_EQ(error_of("backup-registration = maybe\n"),
            "f:1: backup-registration 'maybe': not allowed; allowed: yes or no (also true/false, on/off, 1/0)");
}

TEST(CliPhoneFile, DevZeroIsRefusedNotReadForever)
{
  const auto r = read_phone_file("/dev/zero");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("--phone"), std::string::npos) << r.error().message;
}

// The command line overrides the file; a repeatable setting given on the
// command line replaces the file's list.
TEST(CliPhoneFile, CommandLineOverridesTheFile)
{
  const std::string path = "/tmp/sipsurv-test-phone-" + std::to_string(::getpid()) + ".ini";
  {
    std::ofstream f(path);
    f << "transport = tcp\nresponse-timer = 3700\ndns = 127.0.0.1\n";
  }
  Args args;
  const auto out = parse_command_line(
    {"sipsurv", "status", "x.test", "--phone", path, "--transport", "tls", "--dns", "127.0.0.2"}, args);
  ::unlink(path.c_str());
  ASSERT_FALSE(out.exit_now) << out.error;
  EXPECT_EQ(args.settings.transport, Transport::tls);
  EXPECT_EQ(args.settings.response_timer.count(), 3700);
  EXPECT_EQ(args.settings.dns_servers, (std::vector<std::string>{"127.0.0.2"}));
}
