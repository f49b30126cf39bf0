// One test per defect that fuzzing found (tests/fuzz/regressions/ holds the
// inputs); each names the regression input it mirrors.
#include "cli/app.hpp"
#include "core/dns/server_address.hpp"
#include "core/sip/response_parser.hpp"
#include "core/util/escape.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;

namespace {

cli::ParseOutcome
parse(std::vector<std::string> argv, cli::Args& args)
{
  argv.insert(argv.begin(), "sipsurv");
  return cli::parse_command_line(argv, args);
}

} // namespace

// regressions/cli_command_line/nan-timeout, inf-connectivity-check;
// regressions/phone_file/nan-connectivity-check
TEST(RobustnessFixes, NonFiniteSecondsAreUsageErrors)
{
  for (const std::vector<std::string>& argv :
       std::vector<std::vector<std::string>>{{"resolve", "x.test", "--timeout", "nan"},
                                             {"resolve", "x.test", "--timeout", "NaN"},
                                             {"resolve", "x.test", "--timeout", "inf"},
                                             {"status", "x.test", "--connectivity-check", "nan"},
                                             {"status", "x.test", "--connectivity-check", "-nan"},
                                             {"status", "x.test", "--connectivity-check", "infinity"}}) {
    cli::Args args;
    const auto out = parse(argv, args);
    EXPECT_TRUE(out.exit_now) << argv[3];
    EXPECT_EQ(out.exit_code, 64) << argv[3];
    EXPECT_NE(out.error.find(argv[2]), std::string::npos) << out.error;
  }
  cli::Args args;
  const auto ok = parse({"status", "x.test", "--timeout", "0.5", "--connectivity-check", "30"}, args);
  EXPECT_FALSE(ok.exit_now) << ok.error;
  EXPECT_DOUBLE_EQ(args.status.probing.timeout_s, 0.5);
  EXPECT_EQ(args.settings.connectivity_check.count(), 30);
}

// regressions/util_escape/overlong-esc, overlong-2byte, surrogate, above-10ffff
TEST(RobustnessFixes, EscapeRejectsInvalidUtf8ThatLooksValid)
{
  EXPECT_EQ(escape_for_terminal("\xe0\x80\x9b[2J"), "\\xe0\\x80\\x9b[2J");    // overlong ESC
  EXPECT_EQ(escape_for_terminal("\xc0\x9b"), "\\xc0\\x9b");                   // overlong ESC, 2 bytes
  EXPECT_EQ(escape_for_terminal("\xed\xa0\x80"), "\\xed\\xa0\\x80");          // UTF-16 surrogate
  EXPECT_EQ(escape_for_terminal("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80"); // above U+10FFFF
  // The valid neighbours of each range still pass unchanged.
  EXPECT_EQ(escape_for_terminal("\xe0\xa0\x80"), "\xe0\xa0\x80");         // U+0800
  EXPECT_EQ(escape_for_terminal("\xed\x9f\xbf"), "\xed\x9f\xbf");         // U+D7FF
  EXPECT_EQ(escape_for_terminal("\xf0\x90\x80\x80"), "\xf0\x90\x80\x80"); // U+10000
  EXPECT_EQ(escape_for_terminal("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf"); // U+10FFFF
}

// regressions/dns_server_address/nul-inside-address
TEST(RobustnessFixes, ServerAddressWithNulIsRejected)
{
  using namespace std::string_view_literals;
  for (const auto text : {"192.0.2.53\0junk"sv, "192.0.2.53\0:53"sv, "[::1\0x]:53"sv, "::1\0"sv}) {
    const auto r = dns::parse_server_address(text);
    ASSERT_FALSE(r.has_value()) << r->address;
    EXPECT_EQ(r.error().code, Errc::usage);
    EXPECT_NE(r.error().message.find("NUL"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find('\0'), std::string::npos); // escaped in the message
  }
  EXPECT_TRUE(dns::parse_server_address("192.0.2.53:53").has_value());
}

// regressions/sip_response/folded-server-header
TEST(RobustnessFixes, FoldedHeaderValuesAreOneLine)
{
  const std::string folded = "SIP/2.0 200 OK\r\n"
                             "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n"
                             "Call-ID: 1@127.0.0.1\r\n"
                             "CSeq: 1 OPTIONS\r\n"
                             "Server: Kamailio\r\n"
                             " \t(5.6.3)\r\n"
                             "Content-Length: 0\r\n"
                             "\r\n";
  const auto r = sip::parse_response(folded);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->server, "Kamailio (5.6.3)");
}
