#include "core/status/site_evidence.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::status {

RecordingResolver::RecordingResolver(dns::Resolver& inner, SiteEvidence& evidence)
    : m_inner(inner), m_evidence(evidence)
{
  m_evidence.resolver = m_inner.describe();
}

std::vector<dns::Reply>
RecordingResolver::lookup(std::span<const dns::Question> questions, net::TimePoint deadline)
{
  auto replies = m_inner.lookup(questions, deadline);
  for (std::size_t i = 0; i < questions.size() && i < replies.size(); ++i) {
    m_evidence.dns.push_back({questions[i], replies[i]});
  }
  return replies;
}

std::vector<dns::ServerReply>
RecordingResolver::ask_each_server(const dns::Question& question, net::TimePoint deadline)
{
  auto replies = m_inner.ask_each_server(question, deadline);
  if (!replies.empty()) {
    m_evidence.server_checks.push_back({question, replies});
  }
  return replies;
}

std::string
RecordingResolver::describe() const
{
  return m_inner.describe();
}

RecordedResolver::RecordedResolver(const SiteEvidence& evidence) : m_evidence(evidence) {}

std::vector<dns::Reply>
RecordedResolver::lookup(std::span<const dns::Question> questions, net::TimePoint /*deadline*/)
{
  std::vector<dns::Reply> out;
  for (const auto& q : questions) {
    // The first exchange of the question: a round asks each question once.
    const auto it = std::find_if(m_evidence.dns.begin(), m_evidence.dns.end(), [&](const DnsExchange& e) {
      return e.question.type == q.type && dns::same_name(e.question.name, q.name);
    });
    if (it == m_evidence.dns.end()) {
      m_misses.push_back(q);
      out.push_back({fail(Errc::no_server, "not in the recording"), {}, {}});
    } else {
      out.push_back(it->reply);
    }
  }
  return out;
}

std::vector<dns::ServerReply>
RecordedResolver::ask_each_server(const dns::Question& question, net::TimePoint /*deadline*/)
{
  for (const auto& c : m_evidence.server_checks) {
    if (c.question.type == question.type && dns::same_name(c.question.name, question.name)) {
      return c.replies;
    }
  }
  return {};
}

std::string
RecordedResolver::describe() const
{
  return m_evidence.resolver;
}

ProbeRunner
recording_runner(ProbeRunner run, SiteEvidence& evidence)
{
  return [run = std::move(run), &evidence](const std::vector<probe::ProbeSpec>& specs) {
    auto results = run(specs);
    if (results) {
      evidence.probes.insert(evidence.probes.end(), results->begin(), results->end());
    }
    return results;
  };
}

bool
same_probe(const probe::ProbeSpec& recorded, const probe::ProbeSpec& wanted)
{
  return dns::same_name(recorded.target, wanted.target) && recorded.port == wanted.port &&
    recorded.address == wanted.address && recorded.transport == wanted.transport && recorded.role == wanted.role &&
    recorded.request_uri == wanted.request_uri && recorded.max_forwards == wanted.max_forwards &&
    dns::same_name(recorded.sip_domain, wanted.sip_domain) && recorded.sni == wanted.sni;
}

ProbeRunner
recorded_runner(const SiteEvidence& evidence)
{
  return [&evidence](const std::vector<probe::ProbeSpec>& specs) -> Result<std::vector<probe::ProbeResult>> {
    std::vector<probe::ProbeResult> out;
    for (const auto& spec : specs) {
      const auto it = std::find_if(evidence.probes.begin(), evidence.probes.end(),
                                   [&](const probe::ProbeResult& r) { return same_probe(r.spec, spec); });
      if (it == evidence.probes.end()) {
        return fail(Errc::usage,
                    fmt::format("the recording has no probe of {}:{}{} over {} ({}): the settings given need a "
                                "probe that was not made; allowed: settings that keep the servers, the transport and "
                                "the backup of the recording",
                                spec.target, spec.port, spec.address.empty() ? "" : " (" + spec.address + ")",
                                to_string(spec.transport), spec.role));
      }
      out.push_back(*it);
      out.back().spec = spec; // the spec as asked now (priority and weight come from the replayed DNS)
    }
    return out;
  };
}

} // namespace sipsurv::status
