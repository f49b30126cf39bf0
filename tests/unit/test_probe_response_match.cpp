// RFC 3261 §17.1.3 / §8.1.1: which responses belong to a probe's request.
#include "core/probe/response_match.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;
using probe::Match;
using probe::match_response;
using probe::RequestIds;

namespace {

RequestIds
request()
{
  return RequestIds{.branch = "z9hG4bKabc123",
                    .sent_by_host = "127.0.0.1",
                    .sent_by_port = 40000,
                    .default_port = 5060,
                    .cseq = 1,
                    .method = "OPTIONS",
                    .call_id = "Call-1",
                    .from_tag = "tag1"};
}

std::string
answer(const std::string& via = "SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKabc123;rport=40000",
       const std::string& cseq = "1 OPTIONS", const std::string& call_id = "Call-1",
       const std::string& from = "<sip:sipsurv@127.0.0.1>;tag=tag1", bool to = true)
{
  std::string m = "SIP/2.0 200 OK\r\n";
  if (!via.empty()) {
    m += "Via: " + via + "\r\n";
  }
  if (!from.empty()) {
    m += "From: " + from + "\r\n";
  }
  if (to) {
    m += "To: <sip:example.test>;tag=x\r\n";
  }
  if (!call_id.empty()) {
    m += "Call-ID: " + call_id + "\r\n";
  }
  if (!cseq.empty()) {
    m += "CSeq: " + cseq + "\r\n";
  }
  return m + "Content-Length: 0\r\n\r\n";
}

probe::MatchResult
match(const std::string& bytes)
{
  auto r = sip::parse_response(bytes);
  EXPECT_TRUE(r) << r.error().message;
  return r ? match_response(*r, request()) : probe::MatchResult{Match::malformed, "unparsed"};
}

} // namespace

TEST(ResponseMatch, TheAnswerToTheRequestMatches)
{
  EXPECT_EQ(match(answer()).match, Match::ours);
  // Tokens compare case-insensitively (RFC 3261 §7.3.1); received= and
  // rport= added by the server change nothing.
  EXPECT_EQ(match(answer("SIP/2.0/UDP 127.0.0.1:40000;branch=Z9HG4BKABC123;received=10.0.0.1;rport=9")).match,
            Match::ours);
  EXPECT_EQ(match(answer(std::string("SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKabc123"), "1 OPTIONS", "Call-1",
                         "<sip:sipsurv@127.0.0.1>;tag=TAG1"))
              .match,
            Match::ours);
}

TEST(ResponseMatch, MissingMandatoryHeadersAreMalformed)
{
  const auto bare = match("SIP/2.0 200 OK\r\n\r\n");
  EXPECT_EQ(bare.match, Match::malformed);
  EXPECT_NE(bare.why.find("Via, CSeq, Call-ID, From, To"), std::string::npos) << bare.why;
  const auto no_call_id =
    match(answer(std::string("SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKabc123"), "1 OPTIONS", std::string()));
  EXPECT_EQ(no_call_id.match, Match::malformed);
  EXPECT_NE(no_call_id.why.find("Call-ID header"), std::string::npos) << no_call_id.why;
  EXPECT_EQ(match(answer(std::string("SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKabc123"), "1 OPTIONS", "Call-1",
                         "<sip:sipsurv@127.0.0.1>;tag=tag1", false))
              .match,
            Match::malformed);
}

TEST(ResponseMatch, EachIdentifierMustBeTheRequests)
{
  const std::string via = "SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKabc123";
  struct Case {
    std::string bytes;
    std::string why;
  };
  const std::vector<Case> cases{
    {answer("SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKother"), "branch"},
    {answer("SIP/2.0/UDP 127.0.0.1:40000"), "no branch"},
    {answer("SIP/2.0/UDP 127.0.0.2:40000;branch=z9hG4bKabc123"), "sent-by"},
    {answer("SIP/2.0/UDP 127.0.0.1:40001;branch=z9hG4bKabc123"), "sent-by"},
    {answer("SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKabc123"), "sent-by"}, // no port: 5060, not ours
    {answer(via, "2 OPTIONS"), "CSeq"},
    {answer(via, "1 INVITE"), "CSeq"},
    {answer(via, "1 options"), "CSeq"},              // methods are case-sensitive (§7.1)
    {answer(via, "1 OPTIONS", "call-1"), "Call-ID"}, // Call-IDs compare byte by byte (§20.8)
    {answer(via, "1 OPTIONS", "Call-1", "<sip:sipsurv@127.0.0.1>;tag=other"), "From tag"},
    {answer(via, "1 OPTIONS", "Call-1", "<sip:sipsurv@127.0.0.1>"), "no tag"},
  };
  for (const auto& c : cases) {
    const auto m = match(c.bytes);
    EXPECT_EQ(m.match, Match::foreign) << c.bytes;
    EXPECT_NE(m.why.find(c.why), std::string::npos) << m.why;
  }
}

TEST(ResponseMatch, Ipv6SentBy)
{
  RequestIds q = request();
  q.sent_by_host = "::1";
  auto r = sip::parse_response(answer("SIP/2.0/TCP [::1]:40000;branch=z9hG4bKabc123"));
  ASSERT_TRUE(r);
  EXPECT_EQ(match_response(*r, q).match, Match::ours);
}
