// The prober against scripted I/O (tests/unit/fakes/scripted_io.hpp): the
// transports, retransmissions, deadlines and scheduling rules, in virtual
// time. The lab tests (tests/integration/test_probe.sh) do the same against
// real peers.
#include "core/probe/probe_run.hpp"

#include "core/probe/probe_findings.hpp"

#include "tests/unit/fakes/scripted_io.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace std::chrono_literals;
using namespace sipsurv;
using probe::ProbePhase;
using probe::ProbeState;
using test::Replies;
using test::ScriptedIo;
using test::sip_answer;

namespace {

probe::ProbeSpec
spec(const std::string& address, Transport t, std::uint16_t port = 0)
{
  probe::ProbeSpec s;
  s.target = address;
  s.address = address;
  s.transport = t;
  s.port = port != 0 ? port : (t == Transport::tls ? 5061 : 5060);
  return s;
}

probe::ProbeOptions
options(std::chrono::milliseconds timeout = 5000ms, std::size_t parallel = 64)
{
  probe::ProbeOptions o;
  o.timeout = timeout;
  o.parallel = parallel;
  return o;
}

// A peer that answers every request with `status` after `after`.
void
answers(ScriptedIo& io, const std::string& address, net::SocketType type, std::uint16_t port, std::string status,
        std::chrono::milliseconds after = 10ms, std::string extra = {})
{
  io.peer({address, port}, type).replies = [=](const std::string& req) {
    return Replies{{after, sip_answer(req, status, extra)}};
  };
}

double
ms_since(const ScriptedIo& io, net::TimePoint t)
{
  return std::chrono::duration<double, std::milli>(t - io.started()).count();
}

} // namespace

TEST(Prober, UdpAnswerIsOkWithTheSipPhaseTimed)
{
  ScriptedIo io;
  answers(io, "192.0.2.1", net::SocketType::datagram, 5060, "200 OK", 25ms, "Server: fake\r\n");
  const auto r = probe::run_probes_with({spec("192.0.2.1", Transport::udp)}, options(), io.ports());
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].state, ProbeState::ok);
  EXPECT_EQ(r[0].phase, ProbePhase::done);
  EXPECT_EQ(r[0].address, "192.0.2.1");
  ASSERT_TRUE(r[0].response);
  EXPECT_EQ(r[0].response->server, "fake");
  ASSERT_TRUE(r[0].timings.sip_ms);
  EXPECT_DOUBLE_EQ(*r[0].timings.sip_ms, 25.0);
  EXPECT_DOUBLE_EQ(r[0].timings.total_ms, 25.0);
  EXPECT_EQ(r[0].retransmissions, 0U);
  EXPECT_EQ(io.open_now(), 0U) << "every socket closed at the end";
}

TEST(Prober, UdpSilenceRetransmitsPerTimerEUntilTheDeadline)
{
  ScriptedIo io; // nobody answers at 192.0.2.2
  const auto r = probe::run_probes_with({spec("192.0.2.2", Transport::udp)}, options(5000ms), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::timeout);
  EXPECT_EQ(r[0].phase, ProbePhase::sip);
  EXPECT_FALSE(r[0].response) << "a local timeout is never a server's 408";
  // Sent at 0, then Timer E: 0.5, 1.5, 3.5 s; the deadline ends it at 5 s.
  std::vector<double> at;
  for (const auto& s : io.sent) {
    at.push_back(ms_since(io, s.at));
  }
  EXPECT_EQ(at, (std::vector<double>{0, 500, 1500, 3500}));
  EXPECT_EQ(r[0].retransmissions, 3U);
  EXPECT_DOUBLE_EQ(r[0].timings.total_ms, 5000.0);
}

TEST(Prober, UdpIcmpUnreachableIsRefused)
{
  ScriptedIo io;
  io.peer({"192.0.2.3", 5060}, net::SocketType::datagram).replies = [](const std::string&) {
    return Replies{{1ms, {}, ECONNREFUSED}};
  };
  const auto r = probe::run_probes_with({spec("192.0.2.3", Transport::udp)}, options(), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::refused);
  EXPECT_NE(r[0].error.find("ICMP port unreachable"), std::string::npos) << r[0].error;
}

TEST(Prober, TcpRefusedConnectAndA503)
{
  ScriptedIo io;
  io.peer({"192.0.2.4", 5060}, net::SocketType::stream).connect_result = ECONNREFUSED;
  answers(io, "192.0.2.5", net::SocketType::stream, 5060, "503 Service Unavailable", 5ms, "Retry-After: 120\r\n");
  const auto r = probe::run_probes_with({spec("192.0.2.4", Transport::tcp), spec("192.0.2.5", Transport::tcp)},
                                        options(), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::refused);
  EXPECT_EQ(r[0].phase, ProbePhase::connect);
  EXPECT_EQ(r[1].state, ProbeState::unavailable);
  ASSERT_TRUE(r[1].response);
  EXPECT_EQ(r[1].response->retry_after, 120U);
  ASSERT_TRUE(r[1].timings.connect_ms);
  EXPECT_DOUBLE_EQ(*r[1].timings.connect_ms, 1.0);
  EXPECT_EQ(r[1].retransmissions, 0U) << "TCP sends one request";
}

TEST(Prober, TcpConnectThatNeverEndsTimesOutInTheConnectPhase)
{
  ScriptedIo io;
  io.peer({"192.0.2.6", 5060}, net::SocketType::stream).connect_result = std::nullopt;
  const auto r = probe::run_probes_with({spec("192.0.2.6", Transport::tcp)}, options(2000ms), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::timeout);
  EXPECT_EQ(r[0].phase, ProbePhase::connect);
  EXPECT_DOUBLE_EQ(r[0].timings.total_ms, 2000.0);
}

TEST(Prober, TcpServerThatClosesWithoutAnswerIsAProtocolError)
{
  ScriptedIo io;
  io.peer({"192.0.2.7", 5060}, net::SocketType::stream).replies = [](const std::string&) {
    return Replies{{3ms, {}, 0, true}};
  };
  const auto r = probe::run_probes_with({spec("192.0.2.7", Transport::tcp)}, options(), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::protocol_error);
  EXPECT_NE(r[0].error.find("closed the connection without answering"), std::string::npos) << r[0].error;
}

TEST(Prober, TcpAnswerInPiecesIsFramed)
{
  ScriptedIo io;
  io.peer({"192.0.2.8", 5060}, net::SocketType::stream).replies = [](const std::string& req) {
    const std::string whole = sip_answer(req, "200 OK");
    return Replies{{2ms, whole.substr(0, 20)}, {4ms, whole.substr(20, 30)}, {9ms, whole.substr(50)}};
  };
  const auto r = probe::run_probes_with({spec("192.0.2.8", Transport::tcp)}, options(), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::ok);
  ASSERT_TRUE(r[0].timings.sip_ms);
  EXPECT_DOUBLE_EQ(*r[0].timings.sip_ms, 9.0);
}

TEST(Prober, TlsThroughTheConnectorWithSniAndSummary)
{
  ScriptedIo io;
  test::ScriptedTls tls(io);
  tls.summary.protocol = "TLSv1.3";
  tls.summary.verified = true;
  answers(io, "192.0.2.9", net::SocketType::stream, 5061, "200 OK");
  auto s = spec("192.0.2.9", Transport::tls);
  s.target = "sip1.example.test";
  s.sip_domain = "example.test";
  const auto r = probe::run_probes_with({s}, options(), io.ports(&tls));
  EXPECT_EQ(r[0].state, ProbeState::ok);
  EXPECT_EQ(tls.snis, (std::vector<std::string>{"example.test"}));
  ASSERT_TRUE(r[0].tls);
  EXPECT_EQ(r[0].tls->domain, "example.test");
  EXPECT_EQ(r[0].tls->target, "sip1.example.test");
}

TEST(Prober, TlsCertificateThatDoesNotVerifyStopsBeforeTheRequest)
{
  ScriptedIo io;
  test::ScriptedTls tls(io);
  tls.summary.verified = false;
  tls.summary.verify_error = "self-signed certificate";
  answers(io, "192.0.2.10", net::SocketType::stream, 5061, "200 OK");
  const auto r = probe::run_probes_with({spec("192.0.2.10", Transport::tls)}, options(), io.ports(&tls));
  EXPECT_EQ(r[0].state, ProbeState::cert_invalid);
  EXPECT_TRUE(io.sent.empty()) << "no request over an unverified channel";
  auto o = options();
  o.insecure = true;
  ScriptedIo io2;
  test::ScriptedTls tls2(io2);
  tls2.summary = tls.summary;
  answers(io2, "192.0.2.10", net::SocketType::stream, 5061, "200 OK");
  EXPECT_EQ(probe::run_probes_with({spec("192.0.2.10", Transport::tls)}, o, io2.ports(&tls2))[0].state, ProbeState::ok);
}

TEST(Prober, NamesAreLookedUpInTheLoopAndTimed)
{
  ScriptedIo io;
  test::ScriptedNames names(io);
  names.answer("sip.example.test", 40ms, {{"192.0.2.11", 300, false}, {"2001:db8::11", 300, true}});
  answers(io, "192.0.2.11", net::SocketType::datagram, 5060, "200 OK", 10ms);
  auto s = spec("", Transport::udp);
  s.target = "sip.example.test";
  const auto r = probe::run_probes_with({s}, options(), io.ports(nullptr, &names));
  EXPECT_EQ(r[0].state, ProbeState::ok);
  EXPECT_EQ(r[0].address, "192.0.2.11") << "A first";
  EXPECT_EQ(r[0].resolved, (std::vector<std::string>{"192.0.2.11", "2001:db8::11"}));
  ASSERT_TRUE(r[0].timings.dns_ms);
  EXPECT_DOUBLE_EQ(*r[0].timings.dns_ms, 40.0);
  EXPECT_DOUBLE_EQ(r[0].timings.total_ms, 50.0);
}

TEST(Prober, NameWithoutAnswerBeforeTheDeadlineIsADnsFailure)
{
  ScriptedIo io;
  test::ScriptedNames names(io); // knows no name: never answers
  auto s = spec("", Transport::udp);
  s.target = "silent.example.test";
  const auto r = probe::run_probes_with({s}, options(1000ms), io.ports(nullptr, &names));
  EXPECT_EQ(r[0].state, ProbeState::dns_failed);
  EXPECT_EQ(r[0].phase, ProbePhase::dns);
  EXPECT_TRUE(io.sent.empty());
}

TEST(Prober, SiteTargetWithoutAddressIsNotLookedUpAgain)
{
  ScriptedIo io;
  test::ScriptedNames names(io);
  names.answer("ghost.example.test", 1ms, {{"192.0.2.99", 60, false}}); // what another lookup would take
  auto s = spec("", Transport::udp);
  s.target = "ghost.example.test";
  s.unresolved = "A no records; AAAA no records";
  const auto r = probe::run_probes_with({s}, options(), io.ports(nullptr, &names));
  EXPECT_EQ(r[0].state, ProbeState::dns_failed);
  EXPECT_EQ(r[0].error, "DNS gave ghost.example.test no address: A no records; AAAA no records");
  EXPECT_TRUE(names.asked.empty());
  EXPECT_TRUE(io.opened.empty());
}

TEST(Prober, NameWithoutAddressSaysWhy)
{
  ScriptedIo io;
  test::ScriptedNames names(io);
  names.answer("empty.example.test", 5ms, {});
  auto s = spec("", Transport::tcp);
  s.target = "empty.example.test";
  const auto r = probe::run_probes_with({s}, options(), io.ports(nullptr, &names));
  EXPECT_EQ(r[0].state, ProbeState::dns_failed);
  EXPECT_EQ(r[0].error, "empty.example.test: A nodata; AAAA nodata");
}

TEST(Prober, OneDeadlineForManyDeadServers)
{
  ScriptedIo io; // 100 black holes
  std::vector<probe::ProbeSpec> specs;
  for (int i = 0; i < 100; ++i) {
    specs.push_back(spec("198.51.100." + std::to_string(i + 1), Transport::udp));
  }
  const auto r = probe::run_probes_with(specs, options(3000ms), io.ports());
  EXPECT_TRUE(std::all_of(r.begin(), r.end(), [](const auto& x) { return x.state == ProbeState::timeout; }));
  EXPECT_TRUE(std::all_of(r.begin(), r.end(), [](const auto& x) { return x.timings.total_ms <= 3000.0; }));
  EXPECT_EQ(io.max_open, 64U) << "--parallel 64 in flight at most";
}

// --- response matching (RFC 3261 §17.1.3) ------------------------------------

namespace {

// `request` with its Via branch replaced: an answer to another transaction.
std::string
foreign_answer(const std::string& request, const std::string& status)
{
  std::string a = sip_answer(request, status);
  const auto at = a.find("branch=z9hG4bK");
  a.replace(at + 14, 4, "XXXX");
  return a;
}

} // namespace

TEST(ProberMatching, UdpIgnoresAndCountsAForeignDatagramAndWaitsForItsAnswer)
{
  ScriptedIo io;
  io.peer({"192.0.2.20", 5060}, net::SocketType::datagram).replies = [](const std::string& req) {
    std::string other_method = sip_answer(req, "200 OK");
    other_method.replace(other_method.find("1 OPTIONS"), 9, "1 INVITE");
    return Replies{{5ms, foreign_answer(req, "200 OK")}, {6ms, other_method}, {30ms, sip_answer(req, "200 OK")}};
  };
  const auto r = probe::run_probes_with({spec("192.0.2.20", Transport::udp)}, options(), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::ok);
  EXPECT_EQ(r[0].unmatched, 2U);
  EXPECT_DOUBLE_EQ(*r[0].timings.sip_ms, 30.0);
}

TEST(ProberMatching, UdpOnlyForeignAnswersIsATimeoutNotHealthy)
{
  ScriptedIo io;
  io.peer({"192.0.2.21", 5060}, net::SocketType::datagram).replies = [](const std::string& req) {
    return Replies{{5ms, foreign_answer(req, "200 OK")}};
  };
  const auto r = probe::run_probes_with({spec("192.0.2.21", Transport::udp)}, options(2000ms), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::timeout);
  EXPECT_FALSE(r[0].response);
  EXPECT_GE(r[0].unmatched, 1U) << "one per retransmission answered";
}

TEST(ProberMatching, BareOkWithoutHeadersIsAProtocolErrorOnEveryTransport)
{
  for (const auto type : {net::SocketType::datagram, net::SocketType::stream}) {
    ScriptedIo io;
    io.peer({"192.0.2.22", 5060}, type).replies = [](const std::string&) {
      return Replies{{2ms, "SIP/2.0 200 OK\r\n\r\n"}};
    };
    const Transport t = type == net::SocketType::datagram ? Transport::udp : Transport::tcp;
    const auto r = probe::run_probes_with({spec("192.0.2.22", t)}, options(), io.ports());
    EXPECT_EQ(r[0].state, ProbeState::protocol_error) << to_string(t);
    EXPECT_NE(r[0].error.find("mandatory"), std::string::npos) << r[0].error;
  }
}

TEST(ProberMatching, TcpForeignAnswerIsReported)
{
  ScriptedIo io;
  io.peer({"192.0.2.23", 5060}, net::SocketType::stream).replies = [](const std::string& req) {
    return Replies{{2ms, foreign_answer(req, "200 OK")}, {4ms, sip_answer(req, "200 OK")}};
  };
  const auto r = probe::run_probes_with({spec("192.0.2.23", Transport::tcp)}, options(), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::protocol_error);
  EXPECT_NE(r[0].error.find("not for this request"), std::string::npos) << r[0].error;
  EXPECT_NE(r[0].error.find("branch"), std::string::npos) << r[0].error;
}

TEST(ProberMatching, LowerCaseVersionIsAnAnswer)
{
  ScriptedIo io;
  io.peer({"192.0.2.24", 5060}, net::SocketType::datagram).replies = [](const std::string& req) {
    std::string a = sip_answer(req, "200 OK");
    a.replace(0, 7, "sip/2.0");
    return Replies{{2ms, a}};
  };
  EXPECT_EQ(probe::run_probes_with({spec("192.0.2.24", Transport::udp)}, options(), io.ports())[0].state,
            ProbeState::ok);
}

TEST(Prober, TheCommandsDeadlineEndsTheRunBeforeItsTimeout)
{
  // DNS took most of the run: the probes get what is left, not a fresh timeout.
  ScriptedIo io;
  auto o = options(5000ms);
  o.deadline = io.now() + 300ms;
  const auto r = probe::run_probes_with({spec("192.0.2.30", Transport::udp)}, o, io.ports());
  EXPECT_EQ(r[0].state, ProbeState::timeout);
  EXPECT_DOUBLE_EQ(r[0].timings.total_ms, 300.0);
  EXPECT_EQ(io.sent.size(), 1U) << "Timer E's first retransmission (500 ms) is past the deadline";
}

// --- safe destinations ----------------------------------------------------------

TEST(ProberDestinations, NothingIsSentToUnsafeAddressesOrPortZero)
{
  ScriptedIo io;
  std::vector<probe::ProbeSpec> specs{spec("224.0.0.1", Transport::udp), spec("255.255.255.255", Transport::tcp),
                                      spec("0.0.0.0", Transport::udp),   spec("::", Transport::tls),
                                      spec("ff02::1", Transport::udp),   spec("::ffff:239.1.2.3", Transport::tcp)};
  auto zero = spec("192.0.2.40", Transport::udp);
  zero.port = 0;
  specs.push_back(zero);
  const auto r = probe::run_probes_with(specs, options(), io.ports());
  for (const auto& x : r) {
    EXPECT_EQ(x.state, ProbeState::unsafe_destination) << x.address;
    EXPECT_NE(x.error.find("not sent to"), std::string::npos) << x.error;
  }
  EXPECT_TRUE(io.opened.empty()) << "not even a socket";
  const auto findings = probe::derive_probe_findings(r, std::chrono::days(30));
  ASSERT_EQ(findings.size(), specs.size());
  EXPECT_EQ(findings[0].id, "SIP007");
  EXPECT_NE(findings[0].evidence.find("the target 224.0.0.1 as given"), std::string::npos) << findings[0].evidence;
}

TEST(ProberDestinations, ALookedUpNameUsesItsSafeAddressAndTheFindingNamesTheOther)
{
  ScriptedIo io;
  test::ScriptedNames names(io);
  names.answer("mixed.example.test", 2ms, {{"224.0.0.9", 60, false}, {"192.0.2.41", 60, false}});
  answers(io, "192.0.2.41", net::SocketType::datagram, 5060, "200 OK");
  auto s = spec("", Transport::udp);
  s.target = "mixed.example.test";
  const auto r = probe::run_probes_with({s}, options(), io.ports(nullptr, &names));
  EXPECT_EQ(r[0].state, ProbeState::ok);
  EXPECT_EQ(r[0].address, "192.0.2.41");
  ASSERT_EQ(io.opened.size(), 1U);
  EXPECT_EQ(io.opened[0].second.address, "192.0.2.41");
  const auto findings = probe::derive_probe_findings(r, std::chrono::days(30));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].id, "SIP007");
  EXPECT_NE(findings[0].evidence.find("mixed.example.test A 224.0.0.9"), std::string::npos) << findings[0].evidence;
}

TEST(ProberDestinations, SrvPortZeroIsNamedAsTheSrvRecord)
{
  ScriptedIo io;
  auto s = spec("192.0.2.42", Transport::tcp);
  s.target = "sip.example.test";
  s.port = 0;
  s.priority = 10;
  s.weight = 5;
  const auto r = probe::run_probes_with({s}, options(), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::unsafe_destination);
  const auto findings = probe::derive_probe_findings(r, std::chrono::days(30));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_NE(findings[0].evidence.find("SRV 10 5 0 sip.example.test"), std::string::npos) << findings[0].evidence;
}

// --- fair scheduling ----------------------------------------------------------

TEST(ProberScheduling, DeadTargetsCannotStarveALiveOne)
{
  ScriptedIo io; // ten black holes, then one server that answers at once
  std::vector<probe::ProbeSpec> specs;
  for (int i = 0; i < 10; ++i) {
    specs.push_back(spec("198.51.100." + std::to_string(i + 1), Transport::udp));
  }
  specs.push_back(spec("192.0.2.50", Transport::udp));
  answers(io, "192.0.2.50", net::SocketType::datagram, 5060, "200 OK", 2ms);
  const auto r = probe::run_probes_with(specs, options(3000ms, 2), io.ports());
  EXPECT_EQ(r.back().state, ProbeState::ok);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(r[i].state, ProbeState::timeout) << i;
    // Each gets 3000 x 2 / 11 = 545 ms while 11 are unfinished.
    EXPECT_NEAR(r[i].timings.total_ms, 545.45, 0.01) << i;
    EXPECT_NE(r[i].error.find("its 545 ms share of the 3000 ms deadline ("), std::string::npos) << r[i].error;
  }
  // The count named is the probes unfinished when that one started.
  EXPECT_NE(r[0].error.find("(11 probes for --parallel 2)"), std::string::npos) << r[0].error;
  EXPECT_NE(r[9].error.find("(3 probes for --parallel 2)"), std::string::npos) << r[9].error;
  EXPECT_LE(io.max_open, 2U);
}

TEST(ProberScheduling, TimeNotUsedGoesToTheProbesAfter)
{
  ScriptedIo io;
  answers(io, "192.0.2.51", net::SocketType::datagram, 5060, "200 OK", 10ms);
  const auto r = probe::run_probes_with(
    {spec("192.0.2.51", Transport::udp), spec("198.51.100.20", Transport::udp), spec("198.51.100.21", Transport::udp)},
    options(3000ms, 1), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::ok);
  // 2990 ms left for two: 1495 each; the last one, alone, gets all that is left.
  EXPECT_DOUBLE_EQ(r[1].timings.total_ms, 1495.0);
  EXPECT_DOUBLE_EQ(r[2].timings.total_ms, 1495.0);
  EXPECT_NE(r[2].error.find("within the 3000 ms deadline"), std::string::npos) << r[2].error;
}

TEST(ProberScheduling, ProbesWithoutASlotBeforeTheDeadlineAreNotProbed)
{
  ScriptedIo io;
  std::vector<probe::ProbeSpec> specs;
  for (int i = 0; i < 10; ++i) {
    specs.push_back(spec("198.51.100." + std::to_string(i + 30), Transport::udp));
  }
  // 1000 ms, one slot, ten probes: shares of 100 ms are raised to 200 ms, so
  // five are probed and five never start.
  const auto r = probe::run_probes_with(specs, options(1000ms, 1), io.ports());
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(r[i].state, ProbeState::timeout) << i;
    EXPECT_DOUBLE_EQ(r[i].timings.total_ms, 200.0) << i;
  }
  for (std::size_t i = 5; i < 10; ++i) {
    EXPECT_EQ(r[i].state, ProbeState::not_probed) << i;
    EXPECT_EQ(r[i].phase, ProbePhase::queued) << i;
    EXPECT_NE(r[i].error.find("not probed"), std::string::npos) << r[i].error;
  }
  EXPECT_EQ(io.opened.size(), 5U);
  // Not probed is no finding: SIP001 only for the five that were.
  const auto findings = probe::derive_probe_findings(r, std::chrono::days(30));
  EXPECT_EQ(findings.size(), 5U);
}

TEST(ProberScheduling, WithSlotsForAllEveryProbeGetsTheWholeDeadline)
{
  ScriptedIo io;
  std::vector<probe::ProbeSpec> specs;
  for (int i = 0; i < 4; ++i) {
    specs.push_back(spec("198.51.100." + std::to_string(i + 60), Transport::tcp));
    io.peer({specs.back().address, 5060}, net::SocketType::stream).connect_result = std::nullopt;
  }
  const auto r = probe::run_probes_with(specs, options(2000ms, 4), io.ports());
  for (const auto& x : r) {
    EXPECT_EQ(x.state, ProbeState::timeout);
    EXPECT_DOUBLE_EQ(x.timings.total_ms, 2000.0);
  }
}

// --- honest states --------------------------------------------------------------

namespace {

// A peer that answers every request with 100 Trying and never completes it.
void
trying_only(ScriptedIo& io, const std::string& address, net::SocketType type, std::uint16_t port)
{
  io.peer({address, port}, type).replies = [](const std::string& req) {
    return Replies{{5ms, sip_answer(req, "100 Trying")}};
  };
}

} // namespace

TEST(ProberStates, UdpTryingThenNothingIsProvisionalOnlyAtTimerF)
{
  ScriptedIo io;
  trying_only(io, "192.0.2.70", net::SocketType::datagram, 5060);
  // 40 s: Timer F (64 x 500 ms = 32 s) ends the transaction first.
  const auto r = probe::run_probes_with({spec("192.0.2.70", Transport::udp)}, options(40000ms), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::provisional_only);
  EXPECT_EQ(r[0].provisional, 100);
  EXPECT_FALSE(r[0].response);
  EXPECT_DOUBLE_EQ(r[0].timings.total_ms, 32000.0);
  EXPECT_NE(r[0].error.find("a provisional 100, then no final answer over UDP before Timer F"), std::string::npos)
    << r[0].error;
  // Proceeding: retransmissions every T2 (4 s) after the 100, not Timer E's doubling.
  ASSERT_GE(io.sent.size(), 3U);
  EXPECT_DOUBLE_EQ(ms_since(io, io.sent[1].at) - ms_since(io, io.sent[0].at), 4005.0);
  const auto findings = probe::derive_probe_findings(r, std::chrono::days(30));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].id, "SIP008");
}

TEST(ProberStates, UdpTryingThenTheDeadlineIsProvisionalOnlyNotATimeout)
{
  ScriptedIo io;
  trying_only(io, "192.0.2.71", net::SocketType::datagram, 5060);
  ScriptedIo silent_io; // the same probe against silence, for contrast
  const auto r = probe::run_probes_with({spec("192.0.2.71", Transport::udp)}, options(3000ms), io.ports());
  const auto s = probe::run_probes_with({spec("192.0.2.72", Transport::udp)}, options(3000ms), silent_io.ports());
  EXPECT_EQ(r[0].state, ProbeState::provisional_only);
  EXPECT_EQ(probe::to_string(r[0].state), "provisional-only");
  EXPECT_NE(r[0].error.find("a provisional 100, then no final answer within the 3000 ms deadline"), std::string::npos)
    << r[0].error;
  EXPECT_EQ(s[0].state, ProbeState::timeout);
  EXPECT_FALSE(probe::answered(r[0].state)) << "no final answer: the phone's transaction times out too";
}

TEST(ProberStates, TcpTryingThenNothingIsProvisionalOnly)
{
  ScriptedIo io;
  trying_only(io, "192.0.2.73", net::SocketType::stream, 5060);
  const auto r = probe::run_probes_with({spec("192.0.2.73", Transport::tcp)}, options(2000ms), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::provisional_only);
  EXPECT_EQ(r[0].phase, ProbePhase::sip);
  EXPECT_EQ(r[0].retransmissions, 0U);
}

// --- TCP_NODELAY ------------------------------------------------------------------

TEST(ProberNoDelay, EveryStreamWriteGoesOutWithoutNagle)
{
  ScriptedIo io;
  test::ScriptedTls tls(io);
  tls.summary.protocol = "TLSv1.3";
  tls.summary.verified = true;
  answers(io, "192.0.2.80", net::SocketType::stream, 5060, "200 OK");
  answers(io, "192.0.2.81", net::SocketType::stream, 5061, "200 OK");
  answers(io, "192.0.2.82", net::SocketType::datagram, 5060, "200 OK");
  // A trace hop (a request with a lowered Max-Forwards) goes the same way.
  auto hop = spec("192.0.2.80", Transport::tcp);
  hop.max_forwards = 1;
  const auto r = probe::run_probes_with(
    {spec("192.0.2.80", Transport::tcp), spec("192.0.2.81", Transport::tls), spec("192.0.2.82", Transport::udp), hop},
    options(), io.ports(&tls));
  for (const auto& x : r) {
    EXPECT_EQ(x.state, ProbeState::ok) << x.error;
  }
  ASSERT_EQ(io.stream_fds().size(), 3U);
  for (const int fd : io.stream_fds()) {
    EXPECT_TRUE(io.is_no_delay(fd)) << fd;
  }
  EXPECT_EQ(io.no_delay.size(), 3U) << "not on the datagram socket";
  EXPECT_EQ(io.stream_sends_before_no_delay, 0U);
}

TEST(ProberNoDelay, ASocketThatRefusesItIsAnErrorNotAWrongTiming)
{
  ScriptedIo io;
  io.no_delay_error = ENOPROTOOPT;
  answers(io, "192.0.2.83", net::SocketType::stream, 5060, "200 OK");
  const auto r = probe::run_probes_with({spec("192.0.2.83", Transport::tcp)}, options(), io.ports());
  EXPECT_EQ(r[0].state, ProbeState::network_error);
  EXPECT_NE(r[0].error.find("TCP_NODELAY"), std::string::npos) << r[0].error;
  EXPECT_TRUE(io.sent.empty());
  EXPECT_EQ(io.open_now(), 0U);
}

// The progress a display draws: counts that add up to the run, the done
// count never going back, the time left shrinking, one final call.
TEST(Prober, ProgressCountsAddUpAndEndOnce)
{
  ScriptedIo io; // black holes: every probe runs to its share of the deadline
  std::vector<probe::ProbeSpec> specs;
  for (int i = 0; i < 10; ++i) {
    specs.push_back(spec("198.51.100." + std::to_string(i + 1), Transport::udp));
  }
  auto opts = options(2000ms);
  opts.parallel = 4;
  std::vector<probe::ProbeProgress> seen;
  opts.on_progress = [&seen](const probe::ProbeProgress& p) { seen.push_back(p); };
  const auto r = probe::run_probes_with(specs, opts, io.ports());
  ASSERT_GE(seen.size(), 3U);
  std::size_t finals = 0;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const auto& p = seen[i];
    EXPECT_EQ(p.done + p.in_flight + p.queued, specs.size());
    EXPECT_LE(p.in_flight, 4U);
    if (i > 0) {
      EXPECT_GE(p.done, seen[i - 1].done);
      EXPECT_LE(p.left, seen[i - 1].left);
    }
    finals += p.finished ? 1U : 0U;
  }
  EXPECT_EQ(finals, 1U);
  EXPECT_TRUE(seen.back().finished);
  EXPECT_EQ(seen.back().done + seen.back().queued, specs.size());
  EXPECT_EQ(seen.front().in_flight, 4U);
  EXPECT_EQ(seen.front().queued, 6U);
}
