#include "core/sip/stream_framer.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;

namespace {
const std::string k_100 = "SIP/2.0 100 Trying\r\nCall-ID: a\r\nContent-Length: 0\r\n\r\n";
const std::string k_200_body = "SIP/2.0 200 OK\r\nCall-ID: a\r\nContent-Length: 5\r\n\r\nhello";
} // namespace

TEST(StreamFramer, SplitReadsByteByByte)
{
  sip::StreamFramer f;
  for (std::size_t i = 0; i + 1 < k_200_body.size(); ++i) {
    ASSERT_TRUE(f.feed(k_200_body.substr(i, 1)));
    EXPECT_FALSE(f.next()) << "complete after " << i + 1 << " bytes";
  }
  ASSERT_TRUE(f.feed(k_200_body.substr(k_200_body.size() - 1)));
  auto m = f.next();
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, k_200_body);
  EXPECT_FALSE(f.next());
}

TEST(StreamFramer, ProvisionalThenFinalInOneRead)
{
  sip::StreamFramer f;
  ASSERT_TRUE(f.feed("\r\n\r\n" + k_100 + "\r\n" + k_200_body)); // keep-alives around
  auto first = f.next();
  auto second = f.next();
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(*first, k_100);
  EXPECT_EQ(*second, k_200_body);
  EXPECT_FALSE(f.next());
  EXPECT_EQ(f.buffered(), 0U);
}

TEST(StreamFramer, CompactContentLength)
{
  sip::StreamFramer f;
  ASSERT_TRUE(f.feed("SIP/2.0 200 OK\r\nl: 2\r\n\r\nokEXTRA"));
  auto m = f.next();
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->ends_with("\r\n\r\nok"));
}

TEST(StreamFramer, HeaderWithoutEndOverLimitFails)
{
  sip::StreamFramer f(1000);
  Result<void> r;
  for (int i = 0; i < 100 && r; ++i) {
    r = f.feed(std::string(100, 'x'));
  }
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::limit);
  EXPECT_FALSE(f.feed("more")); // stays failed
}

TEST(StreamFramer, BodyOverLimitFailsEarly)
{
  sip::StreamFramer f(1000);
  auto r = f.feed("SIP/2.0 200 OK\r\nContent-Length: 5000\r\n\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::limit);
}

TEST(StreamFramer, BadContentLength)
{
  for (const char* bad : {"SIP/2.0 200 OK\r\nContent-Length: abc\r\n\r\n",
                          "SIP/2.0 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"}) {
    sip::StreamFramer f;
    auto r = f.feed(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Errc::protocol);
  }
}

TEST(DatagramLength, ShortBodyIsDiscarded)
{
  const std::string head = "SIP/2.0 200 OK\r\nCall-ID: x\r\nContent-Length: 1000000000\r\n\r\n";
  auto r = sip::check_datagram_length(head + std::string(1024, 'a'));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::protocol);
  EXPECT_NE(r.error().message.find("RFC 3261"), std::string::npos);
}

TEST(DatagramLength, ExactOrMissingLengthIsAccepted)
{
  EXPECT_TRUE(sip::check_datagram_length("SIP/2.0 200 OK\r\nl: 3\r\n\r\nabc"));
  EXPECT_TRUE(sip::check_datagram_length("SIP/2.0 200 OK\r\nCall-ID: x\r\n\r\n"));
  EXPECT_FALSE(sip::check_datagram_length("SIP/2.0 200 OK\r\nContent-Length: x\r\n\r\n"));
}
