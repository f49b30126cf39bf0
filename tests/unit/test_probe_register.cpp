// The registrar check against scripted I/O: the REGISTER after a successful
// OPTIONS on the same socket or connection, its matching, the challenge
// answered once with credentials, and what each answer means.
#include "core/probe/probe_run.hpp"

#include "core/probe/probe_findings.hpp"

#include "tests/unit/fakes/scripted_io.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace std::chrono_literals;
using namespace sipsurv;
using probe::ProbeState;
using probe::RegisterState;
using test::Replies;
using test::ScriptedIo;
using test::sip_answer;

namespace {

probe::ProbeSpec
spec(const std::string& address, Transport t)
{
  probe::ProbeSpec s;
  s.target = "sip1.example.com";
  s.address = address;
  s.transport = t;
  s.port = t == Transport::tls ? 5061 : 5060;
  s.sip_domain = "example.com";
  return s;
}

probe::ProbeOptions
options(std::string user = {}, std::string password = {})
{
  probe::ProbeOptions o;
  o.timeout = 5000ms;
  o.registrar.enabled = true;
  o.registrar.user = std::move(user);
  o.registrar.password = std::move(password);
  o.registrar.cnonce = [] { return std::string("0a4f113b"); };
  return o;
}

bool
is_register(const std::string& request)
{
  return request.starts_with("REGISTER ");
}

// OPTIONS answered 200; each REGISTER by `reg` (its request, and how many
// REGISTERs came before it).
void
registrar(ScriptedIo& io, const std::string& address, net::SocketType type, std::uint16_t port,
          std::function<Replies(const std::string&, int)> reg)
{
  auto count = std::make_shared<int>(0);
  io.peer({address, port}, type).replies = [=](const std::string& req) {
    if (!is_register(req)) {
      return Replies{{5ms, sip_answer(req, "200 OK")}};
    }
    return reg(req, (*count)++);
  };
}

std::vector<std::string>
registers_sent(const ScriptedIo& io)
{
  std::vector<std::string> out;
  for (const auto& s : io.sent) {
    if (is_register(s.bytes)) {
      out.push_back(s.bytes);
    }
  }
  return out;
}

const std::string k_challenge =
  "WWW-Authenticate: Digest realm=\"lab.test\", nonce=\"abc123\", algorithm=MD5, qop=\"auth\"\r\n";

} // namespace

TEST(RegisterCheck, UdpRejectionOnTheSameSocketLeavesTheOptionsResult)
{
  ScriptedIo io;
  registrar(io, "192.0.2.1", net::SocketType::datagram, 5060, [](const std::string& req, int) {
    return Replies{{7ms, sip_answer(req, "403 Forbidden")}};
  });
  const auto r = probe::run_probes_with({spec("192.0.2.1", Transport::udp)}, options(), io.ports());
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].state, ProbeState::ok) << "the server answers OPTIONS";
  EXPECT_DOUBLE_EQ(r[0].timings.total_ms, 5.0) << "the probe's time is the OPTIONS's";
  ASSERT_TRUE(r[0].registrar);
  EXPECT_EQ(r[0].registrar->state, RegisterState::rejected);
  EXPECT_EQ(r[0].registrar->status, 403);
  EXPECT_EQ(r[0].registrar->reason, "Forbidden");
  ASSERT_TRUE(r[0].registrar->sip_ms);
  EXPECT_DOUBLE_EQ(*r[0].registrar->sip_ms, 7.0);
  EXPECT_EQ(io.opened.size(), 1U) << "one socket for both requests";
  const auto sent = registers_sent(io);
  ASSERT_EQ(sent.size(), 1U);
  auto h = test::request_headers(sent[0]);
  EXPECT_TRUE(sent[0].starts_with("REGISTER sip:example.com SIP/2.0\r\n")) << sent[0];
  EXPECT_EQ(h.count("contact"), 0U) << "no Contact: a query that changes no binding";
  EXPECT_EQ(h.count("expires"), 0U);
  EXPECT_EQ(h["cseq"], "1 REGISTER");
  EXPECT_TRUE(h["to"].starts_with("<sip:sipsurv@example.com>")) << h["to"];
  EXPECT_TRUE(h["from"].starts_with("<sip:sipsurv@example.com>;tag=")) << h["from"];
  const auto findings = probe::derive_probe_findings(r, std::chrono::days(30));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].id, "SIP009");
  EXPECT_NE(findings[0].message.find("403 Forbidden"), std::string::npos) << findings[0].message;
}

TEST(RegisterCheck, TcpChallengeWithoutCredentialsMeansTheRegistrarWorks)
{
  ScriptedIo io;
  registrar(io, "192.0.2.2", net::SocketType::stream, 5060, [](const std::string& req, int) {
    return Replies{{3ms, sip_answer(req, "401 Unauthorized", k_challenge)}};
  });
  const auto r = probe::run_probes_with({spec("192.0.2.2", Transport::tcp)}, options(), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::ok);
  ASSERT_TRUE(r[0].registrar);
  EXPECT_EQ(r[0].registrar->state, RegisterState::challenged);
  EXPECT_EQ(r[0].registrar->challenge_status, 401);
  EXPECT_EQ(io.opened.size(), 1U) << "the REGISTER reuses the OPTIONS's connection";
  EXPECT_EQ(registers_sent(io).size(), 1U);
  EXPECT_TRUE(probe::derive_probe_findings(r, std::chrono::days(30)).empty());
}

TEST(RegisterCheck, ChallengeAnsweredOnceWithTheCredentials)
{
  ScriptedIo io;
  registrar(io, "192.0.2.3", net::SocketType::datagram, 5060, [](const std::string& req, int n) {
    return Replies{{3ms, n == 0 ? sip_answer(req, "401 Unauthorized", k_challenge) : sip_answer(req, "200 OK")}};
  });
  const auto r = probe::run_probes_with({spec("192.0.2.3", Transport::udp)}, options("alice", "s3cret-pw"), io.ports());
  ASSERT_TRUE(r[0].registrar);
  EXPECT_EQ(r[0].registrar->state, RegisterState::authenticated);
  EXPECT_EQ(r[0].registrar->aor, "sip:alice@example.com");
  EXPECT_EQ(r[0].registrar->algorithm, "MD5");
  EXPECT_EQ(r[0].registrar->status, 200);
  const auto sent = registers_sent(io);
  ASSERT_EQ(sent.size(), 2U);
  auto first = test::request_headers(sent[0]);
  auto second = test::request_headers(sent[1]);
  EXPECT_EQ(first.count("authorization"), 0U);
  EXPECT_EQ(second["call-id"], first["call-id"]) << "RFC 3261 §10.2: the same Call-ID";
  EXPECT_EQ(second["cseq"], "2 REGISTER") << "and the next CSeq";
  EXPECT_NE(second["via"], first["via"]) << "a new transaction: a new branch";
  // The response digest computed independently (Python hashlib, RFC 2617
  // formula) for alice / lab.test / s3cret-pw, REGISTER sip:example.com.
  EXPECT_EQ(second["authorization"],
            "Digest username=\"alice\", realm=\"lab.test\", nonce=\"abc123\", uri=\"sip:example.com\", "
            "response=\"c86716320d6ece77f01c6f07818f4faf\", algorithm=MD5, qop=auth, nc=00000001, "
            "cnonce=\"0a4f113b\"");
  for (const auto& s : io.sent) {
    EXPECT_EQ(s.bytes.find("s3cret-pw"), std::string::npos) << "the password never leaves sipsurv";
  }
}

TEST(RegisterCheck, SecondChallengeIsCredentialsRejectedAndAProxyChallengeUsesProxyAuthorization)
{
  ScriptedIo io;
  registrar(io, "192.0.2.4", net::SocketType::datagram, 5060, [](const std::string& req, int) {
    return Replies{{3ms,
                    sip_answer(req, "407 Proxy Authentication Required",
                               "Proxy-Authenticate: Digest realm=\"lab.test\", nonce=\"abc123\", "
                               "algorithm=SHA-256, qop=\"auth\"\r\n")}};
  });
  const auto r = probe::run_probes_with({spec("192.0.2.4", Transport::udp)}, options("alice", "wrong"), io.ports());
  ASSERT_TRUE(r[0].registrar);
  EXPECT_EQ(r[0].registrar->state, RegisterState::credentials_rejected);
  EXPECT_EQ(r[0].registrar->algorithm, "SHA-256");
  const auto sent = registers_sent(io);
  ASSERT_EQ(sent.size(), 2U) << "the challenge is answered once, never in a loop";
  auto second = test::request_headers(sent[1]);
  EXPECT_TRUE(second["proxy-authorization"].starts_with("Digest username=\"alice\"")) << sent[1];
  const auto findings = probe::derive_probe_findings(r, std::chrono::days(30));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].id, "SIP011");
  EXPECT_EQ(findings[0].message.find("wrong"), std::string::npos);
  EXPECT_EQ(findings[0].evidence.find("wrong"), std::string::npos);
}

TEST(RegisterCheck, SilentRegistrarIsNoAnswerAndTheServerStaysOk)
{
  ScriptedIo io;
  registrar(io, "192.0.2.5", net::SocketType::datagram, 5060, [](const std::string&, int) { return Replies{}; });
  const auto r = probe::run_probes_with({spec("192.0.2.5", Transport::udp)}, options(), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::ok);
  EXPECT_TRUE(r[0].error.empty()) << r[0].error;
  EXPECT_EQ(r[0].retransmissions, 0U) << "the OPTIONS's own count";
  ASSERT_TRUE(r[0].registrar);
  EXPECT_EQ(r[0].registrar->state, RegisterState::no_answer);
  EXPECT_FALSE(r[0].registrar->error.empty());
  EXPECT_GT(registers_sent(io).size(), 1U) << "the REGISTER is retransmitted per Timer E";
  const auto findings = probe::derive_probe_findings(r, std::chrono::days(30));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].id, "SIP010");
}

TEST(RegisterCheck, AnAnswerToTheOptionsIsNotTheRegistersAnswer)
{
  ScriptedIo io;
  // A late copy of the OPTIONS's answer (CSeq 1 OPTIONS) arrives first:
  // the method is part of the match, so it is ignored and counted.
  auto options_answer = std::make_shared<std::string>();
  io.peer({"192.0.2.6", 5060}, net::SocketType::datagram).replies = [=](const std::string& req) {
    if (!is_register(req)) {
      *options_answer = sip_answer(req, "200 OK");
      return Replies{{5ms, *options_answer}};
    }
    return Replies{{1ms, *options_answer}, {4ms, sip_answer(req, "200 OK")}};
  };
  const auto r = probe::run_probes_with({spec("192.0.2.6", Transport::udp)}, options(), io.ports());
  ASSERT_TRUE(r[0].registrar);
  EXPECT_EQ(r[0].registrar->state, RegisterState::ok);
  EXPECT_EQ(r[0].unmatched, 1U);
}

TEST(RegisterCheck, NoRegisterAfterAFailedOptionsAndNoneWhenOff)
{
  ScriptedIo io;
  io.peer({"192.0.2.7", 5060}, net::SocketType::datagram).replies = [](const std::string& req) {
    return Replies{{5ms, sip_answer(req, "503 Service Unavailable")}};
  };
  registrar(io, "192.0.2.8", net::SocketType::datagram, 5060, [](const std::string& req, int) {
    return Replies{{1ms, sip_answer(req, "200 OK")}};
  });
  auto r = probe::run_probes_with({spec("192.0.2.7", Transport::udp)}, options(), io.ports());
  ASSERT_TRUE(r[0].registrar);
  EXPECT_EQ(r[0].registrar->state, RegisterState::not_checked);
  EXPECT_TRUE(registers_sent(io).empty());
  auto off = options();
  off.registrar.enabled = false;
  r = probe::run_probes_with({spec("192.0.2.8", Transport::udp)}, off, io.ports());
  EXPECT_FALSE(r[0].registrar);
  EXPECT_TRUE(registers_sent(io).empty());
}

TEST(RegisterCheck, TlsRegisterGoesThroughTheSameSessionWithASipsAor)
{
  ScriptedIo io;
  test::ScriptedTls tls(io);
  tls.summary.protocol = "TLSv1.3";
  tls.summary.verified = true;
  registrar(io, "192.0.2.9", net::SocketType::stream, 5061, [](const std::string& req, int) {
    return Replies{{2ms, sip_answer(req, "200 OK")}};
  });
  const auto r = probe::run_probes_with({spec("192.0.2.9", Transport::tls)}, options(), io.ports(&tls));
  ASSERT_TRUE(r[0].registrar) << probe::to_string(r[0].state) << " " << r[0].error;
  EXPECT_EQ(r[0].registrar->state, RegisterState::ok) << r[0].registrar->error;
  EXPECT_EQ(r[0].registrar->aor, "sips:sipsurv@example.com");
  EXPECT_EQ(io.opened.size(), 1U);
}
