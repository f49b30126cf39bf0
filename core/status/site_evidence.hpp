#pragma once

// What one status round took from the network, as a value: every DNS
// question with the reply it got, and every probe with its result. The
// network stage produces it (the recording adapters below wrap the real
// ports while check_site runs); a replay feeds it back through the same
// ports (the recorded adapters), so the one pipeline of check_site
// evaluates both: there is no second verdict path.
//
//   status::SiteEvidence ev;
//   status::RecordingResolver rec(real_resolver, ev);
//   auto check = status::check_site(settings, plan, rec, status::recording_runner(run, ev), options);
//   ...
//   status::RecordedResolver replay(ev);
//   auto again = status::check_site(settings, plan, replay, status::recorded_runner(ev), options);
//   // replay.misses(): questions the recording cannot answer

#include "core/dns/resolver.hpp"
#include "core/probe/probe_types.hpp"
#include "core/status/site_check.hpp"

#include <string>
#include <vector>

namespace sipsurv::status {

// One DNS question and the reply the resolver gave (any rcode, or an error).
struct DnsExchange {
  dns::Question question;
  dns::Reply reply;
};

// The phone's first question asked of each configured DNS server alone
// (Resolver::ask_each_server), and what each answered.
struct ServerCheckExchange {
  dns::Question question;
  std::vector<dns::ServerReply> replies;
};

struct SiteEvidence {
  std::string resolver;                           // the resolver's describe() at the time
  std::vector<DnsExchange> dns;                   // in the order asked
  std::vector<ServerCheckExchange> server_checks; // with two or more --dns servers
  std::vector<probe::ProbeResult> probes;         // every probe run, in the order run (trace hops included)
};

// A Resolver that asks `inner` and appends every exchange to `evidence`.
class RecordingResolver final : public dns::Resolver
{
public:
  RecordingResolver(dns::Resolver& inner, SiteEvidence& evidence);
  std::vector<dns::Reply> lookup(std::span<const dns::Question> questions, net::TimePoint deadline) override;
  std::vector<dns::ServerReply> ask_each_server(const dns::Question& question, net::TimePoint deadline) override;
  std::string describe() const override;

private:
  dns::Resolver& m_inner;
  SiteEvidence& m_evidence;
};

// A Resolver that answers from a recording, without the network. A
// question the recording does not hold gets Errc::no_server and is kept in
// misses(), so the caller can refuse the replay rather than report a DNS
// failure that never happened.
class RecordedResolver final : public dns::Resolver
{
public:
  explicit RecordedResolver(const SiteEvidence& evidence);
  std::vector<dns::Reply> lookup(std::span<const dns::Question> questions, net::TimePoint deadline) override;
  // The recorded answers of each server; none when the recording holds no
  // such check (a single --dns server then, which a replay cannot change).
  std::vector<dns::ServerReply> ask_each_server(const dns::Question& question, net::TimePoint deadline) override;
  std::string describe() const override;
  const std::vector<dns::Question>& misses() const { return m_misses; }

private:
  const SiteEvidence& m_evidence;
  std::vector<dns::Question> m_misses;
};

// `run`, appending every result to `evidence`.
ProbeRunner recording_runner(ProbeRunner run, SiteEvidence& evidence);

// The recorded result of each spec (the same target, port, address,
// transport, role, request-URI, Max-Forwards, SIP domain and SNI). A spec
// the recording does not hold is Errc::usage naming it and what would
// have been needed: the replay cannot invent a probe.
ProbeRunner recorded_runner(const SiteEvidence& evidence);

// Whether a recorded probe answers `wanted`.
bool same_probe(const probe::ProbeSpec& recorded, const probe::ProbeSpec& wanted);

} // namespace sipsurv::status
