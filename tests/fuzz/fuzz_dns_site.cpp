// Fuzz target: site resolution (core/dns/site_dns) with a resolver that
// answers every question from the fuzz input, either as raw wire bytes
// through the answer walker or as records built from the input, and the
// resolve renderers on the result. Checks the limits and that nothing from
// the "network" reaches the text report unescaped.
#include "cli/render/resolve_render.hpp"
#include "core/dns/answer_walker.hpp"
#include "core/dns/site_dns.hpp"
#include "core/util/limits.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <map>

using namespace sipsurv;

namespace {

constexpr std::string_view k_domain = "example.test";
// Names that meet the questions sipsurv asks, so records are not all ignored.
constexpr std::array<std::string_view, 6> k_targets{"sip1.example.test",  "sip2.example.test", "alias.example.test",
                                                    "SIP1.Example.Test.", "sbc.example.test",  "."};

// Question rounds resolve_site may ask: NAPTR+SRV, A/AAAA, then CNAME chases.
constexpr std::size_t k_max_rounds = 2 + limits::k_max_cname_chain;

class FuzzResolver final : public dns::Resolver
{
public:
  explicit FuzzResolver(fuzz::Bytes& in) : m_in(in) {}

  std::vector<dns::Reply> lookup(std::span<const dns::Question> questions, net::TimePoint /*deadline*/) override
  {
    ++rounds;
    std::vector<dns::Reply> out;
    out.reserve(questions.size());
    for (const auto& q : questions) {
      out.push_back(answer(q));
    }
    return out;
  }
  // The Primary/Secondary check: none, or two or three servers answering
  // whatever the input says (DNS016, DNS017).
  std::vector<dns::ServerReply> ask_each_server(const dns::Question& q, net::TimePoint /*deadline*/) override
  {
    std::vector<dns::ServerReply> out;
    const std::size_t n = m_in.u8() % 4;
    for (std::size_t i = 0; n >= 2 && i < n && !m_in.empty(); ++i) {
      out.push_back(dns::ServerReply{fmt::format("192.0.2.{}:53", 53 + i), answer(q)});
    }
    return out;
  }
  std::string describe() const override { return "fuzz"; }

  std::size_t rounds = 0;

private:
  std::string name(const dns::Question& q)
  {
    const std::uint8_t sel = m_in.u8();
    if (sel < 128) {
      return q.name;
    }
    if (sel < 240) {
      return std::string(k_targets[sel % k_targets.size()]);
    }
    return std::string(m_in.take(m_in.u8()));
  }

  dns::RecordData data(std::uint16_t type, const dns::Question& q)
  {
    switch (type) {
    case dns::rr::a:
      return dns::AddressData{fmt::format("192.0.2.{}", m_in.u8())};
    case dns::rr::aaaa:
      return dns::AddressData{fmt::format("2001:db8::{:x}", m_in.u16())};
    case dns::rr::cname:
      return dns::CnameData{name(q)};
    case dns::rr::srv: {
      const std::uint16_t prio = m_in.u8() % 4;
      const std::uint16_t weight = m_in.u8() < 200 ? m_in.u8() : m_in.u16();
      const std::uint16_t port = m_in.u16();
      return dns::SrvData{prio, weight, port, name(q)};
    }
    case dns::rr::naptr: {
      dns::NaptrData n{m_in.u16(), m_in.u16(), {}, {}, {}, {}};
      n.flags = std::string(m_in.take(m_in.u8() % 8));
      n.service = std::string(m_in.take(m_in.u8() % 32));
      n.regexp = std::string(m_in.take(m_in.u8() % 32));
      n.replacement = name(q);
      return n;
    }
    default:
      return std::monostate{};
    }
  }

  dns::Reply answer(const dns::Question& q)
  {
    switch (m_in.u8() % 8) {
    case 0:
      return {fail(Errc::timeout, "no answer before the timeout"), {}, {}};
    case 1:
      return {fail(Errc::no_server, "refused"), {}, {}};
    case 2: { // raw bytes through the real walker
      const auto raw = m_in.piece();
      return {dns::walk_answer({reinterpret_cast<const unsigned char*>(raw.data()), raw.size()}), {}, {}};
    }
    default:
      break;
    }
    dns::Message m;
    const std::uint8_t rc = m_in.u8();
    m.rcode = rc < 200 ? 0U : rc % 16U;
    std::size_t count = m_in.u8() % 16;
    if (count == 15) { // now and then a flood, to meet the limits
      count = m_in.u16() % (2 * limits::k_max_records_per_answer);
    }
    static constexpr std::array<std::uint16_t, 6> types{dns::rr::a,   dns::rr::aaaa,  dns::rr::cname,
                                                        dns::rr::srv, dns::rr::naptr, 99};
    for (std::size_t i = 0; i < count && !m_in.empty(); ++i) {
      dns::Record r;
      r.name = name(q);
      const std::uint8_t t = m_in.u8();
      r.type = t < 128 ? q.type : types[t % types.size()];
      r.ttl = m_in.u32() & 0x7FFFFFFFU;
      r.data = data(r.type, q);
      if (m.answers.size() >= limits::k_max_records_per_answer) { // as the walker does
        ++m.records_over_limit;
        continue;
      }
      m.answers.push_back(std::move(r));
    }
    return {m, {}, "192.0.2.53:53"};
  }

  fuzz::Bytes& m_in;
};

// A text report line holds nothing that could drive a terminal.
bool
is_plain_text(std::string_view s)
{
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\n') || u == 0x7F;
  });
}

void
check_site(const dns::SiteDns& site, const FuzzResolver& resolver)
{
  SIPSURV_FUZZ_CHECK(resolver.rounds <= k_max_rounds);
  for (const auto& set : site.srv_sets) {
    SIPSURV_FUZZ_CHECK(set.records.size() <= limits::k_max_srv_records);
  }
  SIPSURV_FUZZ_CHECK(site.hosts.size() <= limits::k_max_targets);
  for (const auto& h : site.hosts) {
    SIPSURV_FUZZ_CHECK(h.cname_chain.size() <= limits::k_max_cname_chain);
  }
  // The phone's list keeps the priority groups in order (RFC 2782).
  for (std::size_t i = 1; i < site.servers.size(); ++i) {
    SIPSURV_FUZZ_CHECK(site.servers[i - 1].priority <= site.servers[i].priority);
  }
  // Within each priority the first-pick shares add up to one.
  std::map<std::uint16_t, double> share_sum;
  for (const auto& s : site.servers) {
    SIPSURV_FUZZ_CHECK(s.host != nullptr);
    SIPSURV_FUZZ_CHECK(std::isfinite(s.share) && s.share >= 0.0 && s.share <= 1.0);
    share_sum[s.priority] += s.share;
  }
  for (const auto& [priority, sum] : share_sum) {
    SIPSURV_FUZZ_CHECK(std::fabs(sum - 1.0) < 1e-6);
  }
  for (const auto& f : site.findings) {
    SIPSURV_FUZZ_CHECK(!f.id.empty() && !f.message.empty());
  }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  fuzz::Bytes in(data, size);
  PhoneSettings settings;
  settings.sip_gateway = std::string(k_domain);
  const std::uint8_t mode = in.u8();
  settings.transport = static_cast<Transport>(mode % 3);
  if ((mode & 0x80U) != 0) { // a fixed SIP server port: no SRV
    settings.sip_server_port = static_cast<std::uint16_t>(5060 + (mode & 0x3U));
    settings.sip_server = (mode & 0x40U) != 0 ? "sip1.example.test" : "";
  }
  const std::uint64_t seed = in.u32();
  auto plan = dns::make_plan(settings);
  SIPSURV_FUZZ_CHECK(plan.has_value());

  FuzzResolver resolver(in);
  const dns::SiteDns site = dns::resolve_site(settings, *plan, resolver, seed, net::TimePoint::max());
  check_site(site, resolver);
  (void)dns::dns_outcome(site);

  const std::string text = cli::render_resolve_text(site, cli::TextStyle{false});
  SIPSURV_FUZZ_CHECK(is_plain_text(text));
  const std::string json = cli::render_resolve_json(site);
  SIPSURV_FUZZ_CHECK(!json.empty() && json.front() == '{');
  SIPSURV_FUZZ_CHECK(is_plain_text(json));
  return 0;
}
