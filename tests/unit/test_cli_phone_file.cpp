#include "cli/phone_file.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;
using namespace sipsurv::cli;

TEST(CliPhoneFile, AcceptsTheLongOptionNames)
{
  EXPECT_TRUE(validate_phone_text("# site A\n[default]\ntransport = \"tls\"\nconnectivity-check = 30\n"
                                  "dns = [\"127.0.0.1:5353\", \"127.0.0.2\"]\nbackup-registration = no\n",
                                  "a.ini"));
}

TEST(CliPhoneFile, UnknownKeyNamesFileLineAndTheAllowedKeys)
{
  const auto r = validate_phone_text("transport = tls\nresponse_timer = 3700\n", "site.ini");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::usage);
  EXPECT_EQ(r.error().message.rfind("site.ini:2: unknown key 'response_timer'; allowed: sip-server", 0), 0U);
}

TEST(CliPhoneFile, BadValuesSayWhatIsAllowed)
{
  const auto range = validate_phone_text("response-timer = 50\n", "f");
  ASSERT_FALSE(range);
  EXPECT_NE(range.error().message.find("f:1: response-timer: '50' is not allowed; allowed: a number 100-600000"),
            std::string::npos);
  const auto choice = validate_phone_text("\ntransport = sctp\n", "f");
  ASSERT_FALSE(choice);
  EXPECT_NE(choice.error().message.find("f:2: transport: 'sctp' is not allowed; allowed: tls|tcp|udp"),
            std::string::npos);
  EXPECT_FALSE(validate_phone_text("dns = [\"not an address\"]\n", "f"));
  EXPECT_FALSE(validate_phone_text("[probe]\n", "f"));
  EXPECT_FALSE(validate_phone_text("transport tls\n", "f"));
}

TEST(CliPhoneFile, FindsTheFileInArgv)
{
  EXPECT_EQ(phone_file_argument({"sipsurv", "resolve", "x", "--phone", "p.ini"}), "p.ini");
  EXPECT_EQ(phone_file_argument({"sipsurv", "--phone=q.ini", "resolve", "x"}), "q.ini");
  EXPECT_FALSE(phone_file_argument({"sipsurv", "resolve", "x"}));
}

TEST(CliPhoneFile, DevZeroIsRefusedNotReadForever)
{
  const auto r = validate_phone_file("/dev/zero");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "--phone /dev/zero: is a character device; allowed: a regular file");
}
