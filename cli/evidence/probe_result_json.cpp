#include "cli/evidence/probe_result_json.hpp"

#include "core/util/limits.hpp"

#include <array>
#include <limits>

namespace sipsurv::cli {
namespace {

// Bounds for the lists of a recorded probe: what the prober itself keeps is
// smaller; these only stop a hostile bundle from costing memory.
constexpr std::size_t k_max_list = 10000;
constexpr double k_max_ms = 1e9;

template <typename T>
Json
opt(const std::optional<T>& v)
{
  return v ? Json(*v) : Json(nullptr);
}

// The names of an enum's values, by the enum's own to_string, so the bundle
// spells them as the reports do.
template <typename E, std::size_t N>
std::vector<std::string>
names(const std::array<E, N>& all)
{
  std::vector<std::string> out;
  for (const E e : all) {
    out.emplace_back(to_string(e));
  }
  return out;
}

template <typename E, std::size_t N>
E
enum_from(const JsonIn& in, const std::array<E, N>& all)
{
  const std::string v = in.choice(names(all));
  for (const E e : all) {
    if (to_string(e) == v) {
      return e;
    }
  }
  return all.front();
}

constexpr std::array k_states{probe::ProbeState::ok,
                              probe::ProbeState::sip_error,
                              probe::ProbeState::unavailable,
                              probe::ProbeState::refused,
                              probe::ProbeState::timeout,
                              probe::ProbeState::provisional_only,
                              probe::ProbeState::tls_failed,
                              probe::ProbeState::cert_invalid,
                              probe::ProbeState::dns_failed,
                              probe::ProbeState::protocol_error,
                              probe::ProbeState::too_large,
                              probe::ProbeState::network_error,
                              probe::ProbeState::unsafe_destination,
                              probe::ProbeState::not_probed};
constexpr std::array k_phases{probe::ProbePhase::queued, probe::ProbePhase::dns, probe::ProbePhase::connect,
                              probe::ProbePhase::tls,    probe::ProbePhase::sip, probe::ProbePhase::done};
constexpr std::array k_snis{probe::SniChoice::domain, probe::SniChoice::target, probe::SniChoice::none};
constexpr std::array k_transports{Transport::tls, Transport::tcp, Transport::udp};
constexpr std::array k_sources{tls::IdentitySource::uri_san, tls::IdentitySource::dns_san,
                               tls::IdentitySource::common_name, tls::IdentitySource::none};

std::optional<double>
opt_ms(const JsonIn& in, std::string_view key)
{
  in.at(key); // present, maybe null
  const auto v = in.maybe(key);
  return v ? std::optional<double>(v->number(0, k_max_ms)) : std::nullopt;
}

template <typename T>
std::optional<T>
opt_int(const JsonIn& in, std::string_view key, std::int64_t min, std::int64_t max)
{
  in.at(key);
  const auto v = in.maybe(key);
  return v ? std::optional<T>(static_cast<T>(v->integer(min, max))) : std::nullopt;
}

std::uint16_t
port_from(const JsonIn& in)
{
  return static_cast<std::uint16_t>(in.integer(0, 65535));
}

Json
spec_json(const probe::ProbeSpec& s)
{
  return Json{{"target", s.target},
              {"port", s.port},
              {"address", s.address},
              {"transport", to_string(s.transport)},
              {"sip_domain", s.sip_domain},
              {"sni", to_string(s.sni)},
              {"request_uri", s.request_uri},
              {"max_forwards", s.max_forwards},
              {"role", s.role},
              {"priority", opt(s.priority)},
              {"weight", opt(s.weight)},
              {"dns_ms", opt(s.dns_ms)},
              {"unresolved", s.unresolved}};
}

probe::ProbeSpec
spec_from(const JsonIn& in)
{
  in.only({"target", "port", "address", "transport", "sip_domain", "sni", "request_uri", "max_forwards", "role",
           "priority", "weight", "dns_ms", "unresolved"});
  probe::ProbeSpec s;
  s.target = in.at("target").text();
  s.port = port_from(in.at("port"));
  s.address = in.at("address").text();
  s.transport = enum_from(in.at("transport"), k_transports);
  s.sip_domain = in.at("sip_domain").text();
  s.sni = enum_from(in.at("sni"), k_snis);
  s.request_uri = in.at("request_uri").text();
  s.max_forwards = static_cast<unsigned>(in.at("max_forwards").integer(0, 255));
  s.role = in.at("role").choice({"server", "backup", "proxy-hop", "target"});
  s.priority = opt_int<std::uint16_t>(in, "priority", 0, 65535);
  s.weight = opt_int<std::uint16_t>(in, "weight", 0, 65535);
  s.dns_ms = opt_ms(in, "dns_ms");
  s.unresolved = in.at("unresolved").text();
  return s;
}

Json
timings_json(const probe::Timings& t)
{
  return Json{{"dns_ms", opt(t.dns_ms)},
              {"connect_ms", opt(t.connect_ms)},
              {"tls_ms", opt(t.tls_ms)},
              {"sip_ms", opt(t.sip_ms)},
              {"total_ms", t.total_ms}};
}

probe::Timings
timings_from(const JsonIn& in)
{
  in.only({"dns_ms", "connect_ms", "tls_ms", "sip_ms", "total_ms"});
  probe::Timings t;
  t.dns_ms = opt_ms(in, "dns_ms");
  t.connect_ms = opt_ms(in, "connect_ms");
  t.tls_ms = opt_ms(in, "tls_ms");
  t.sip_ms = opt_ms(in, "sip_ms");
  t.total_ms = in.at("total_ms").number(0, k_max_ms);
  return t;
}

Json
ids_json(const sip::ResponseIds& i)
{
  return Json{{"has_via", i.has_via},
              {"via_branch", i.via_branch},
              {"via_host", i.via_host},
              {"via_port", opt(i.via_port)},
              {"has_cseq", i.has_cseq},
              {"cseq", i.cseq},
              {"cseq_method", i.cseq_method},
              {"has_call_id", i.has_call_id},
              {"has_from", i.has_from},
              {"from_tag", i.from_tag},
              {"has_to", i.has_to}};
}

sip::ResponseIds
ids_from(const JsonIn& in)
{
  in.only({"has_via", "via_branch", "via_host", "via_port", "has_cseq", "cseq", "cseq_method", "has_call_id",
           "has_from", "from_tag", "has_to"});
  sip::ResponseIds i;
  i.has_via = in.at("has_via").boolean();
  i.via_branch = in.at("via_branch").text();
  i.via_host = in.at("via_host").text();
  i.via_port = opt_int<std::uint16_t>(in, "via_port", 0, 65535);
  i.has_cseq = in.at("has_cseq").boolean();
  i.cseq = static_cast<std::uint32_t>(in.at("cseq").integer(0, std::numeric_limits<std::uint32_t>::max()));
  i.cseq_method = in.at("cseq_method").text();
  i.has_call_id = in.at("has_call_id").boolean();
  i.has_from = in.at("has_from").boolean();
  i.from_tag = in.at("from_tag").text();
  i.has_to = in.at("has_to").boolean();
  return i;
}

Json
response_json(const sip::SipResponse& r)
{
  return Json{{"status", r.status},
              {"reason", r.reason},
              {"server", r.server},
              {"user_agent", r.user_agent},
              {"allow", r.allow},
              {"supported", r.supported},
              {"via", r.via},
              {"warning", r.warning},
              {"retry_after", opt(r.retry_after)},
              {"contact", r.contact},
              {"call_id", r.call_id},
              {"cseq", r.cseq},
              {"ids", ids_json(r.ids)},
              {"header_lines", r.header_lines},
              {"size", r.size}};
}

sip::SipResponse
response_from(const JsonIn& in)
{
  in.only({"status", "reason", "server", "user_agent", "allow", "supported", "via", "warning", "retry_after", "contact",
           "call_id", "cseq", "ids", "header_lines", "size"});
  sip::SipResponse r;
  r.status = static_cast<int>(in.at("status").integer(100, 699));
  r.reason = in.at("reason").text();
  r.server = in.at("server").text();
  r.user_agent = in.at("user_agent").text();
  r.allow = in.at("allow").text();
  r.supported = in.at("supported").text();
  r.via = in.at("via").texts(k_max_list);
  r.warning = in.at("warning").texts(k_max_list);
  r.retry_after = opt_int<std::uint32_t>(in, "retry_after", 0, std::numeric_limits<std::uint32_t>::max());
  r.contact = in.at("contact").text();
  r.call_id = in.at("call_id").text();
  r.cseq = in.at("cseq").text();
  r.ids = ids_from(in.at("ids"));
  r.header_lines = in.at("header_lines").texts(k_max_list);
  r.size = static_cast<std::size_t>(in.at("size").integer(0, limits::k_max_sip_response));
  return r;
}

Json
cert_json(const tls::CertInfo& c)
{
  return Json{{"subject", c.subject},
              {"issuer", c.issuer},
              {"common_name", c.common_name},
              {"dns_sans", c.dns_sans},
              {"uri_sans", c.uri_sans},
              {"ip_sans", c.ip_sans},
              {"not_before_unix", c.not_before.time_since_epoch().count()},
              {"not_after_unix", c.not_after.time_since_epoch().count()},
              {"self_signed", c.self_signed},
              {"sans_truncated", c.sans_truncated}};
}

std::chrono::sys_seconds
unix_from(const JsonIn& in)
{
  // Certificates' dates: years 0000 to 9999 (RFC 5280 GeneralizedTime).
  return std::chrono::sys_seconds(std::chrono::seconds(in.integer(-62167219200, 253402300799)));
}

tls::CertInfo
cert_from(const JsonIn& in)
{
  in.only({"subject", "issuer", "common_name", "dns_sans", "uri_sans", "ip_sans", "not_before_unix", "not_after_unix",
           "self_signed", "sans_truncated"});
  tls::CertInfo c;
  c.subject = in.at("subject").text();
  c.issuer = in.at("issuer").text();
  c.common_name = in.at("common_name").text();
  c.dns_sans = in.at("dns_sans").texts(limits::k_max_cert_sans);
  c.uri_sans = in.at("uri_sans").texts(limits::k_max_cert_sans);
  c.ip_sans = in.at("ip_sans").texts(limits::k_max_cert_sans);
  c.not_before = unix_from(in.at("not_before_unix"));
  c.not_after = unix_from(in.at("not_after_unix"));
  c.self_signed = in.at("self_signed").boolean();
  c.sans_truncated = in.at("sans_truncated").boolean();
  return c;
}

Json
tls_json(const tls::TlsSummary& t)
{
  Json chain = Json::array();
  for (const auto& c : t.chain) {
    chain.push_back(cert_json(c));
  }
  return Json{{"sni", t.sni},
              {"protocol", t.protocol},
              {"cipher", t.cipher},
              {"chain", chain},
              {"chain_truncated", t.chain_truncated},
              {"verified", t.verified},
              {"verify_error", t.verify_error},
              {"system_trust", t.system_trust},
              {"domain", t.domain},
              {"domain_match",
               Json{{"source", to_string(t.domain_match.source)},
                    {"matched", t.domain_match.matched},
                    {"wildcard_only", t.domain_match.wildcard_only}}},
              {"target", t.target},
              {"target_match", t.target_match},
              {"cert_requested", t.cert_requested},
              {"client_cert_sent", t.client_cert_sent},
              {"client_cert_missing", t.client_cert_missing},
              {"days_left", opt(t.days_left)}};
}

tls::TlsSummary
tls_from(const JsonIn& in)
{
  in.only({"sni", "protocol", "cipher", "chain", "chain_truncated", "verified", "verify_error", "system_trust",
           "domain", "domain_match", "target", "target_match", "cert_requested", "client_cert_sent",
           "client_cert_missing", "days_left"});
  tls::TlsSummary t;
  t.sni = in.at("sni").text();
  t.protocol = in.at("protocol").text();
  t.cipher = in.at("cipher").text();
  for (const auto& c : in.at("chain").items(limits::k_max_cert_chain)) {
    t.chain.push_back(cert_from(c));
  }
  t.chain_truncated = in.at("chain_truncated").boolean();
  t.verified = in.at("verified").boolean();
  t.verify_error = in.at("verify_error").text();
  t.system_trust = in.at("system_trust").boolean();
  t.domain = in.at("domain").text();
  const JsonIn m = in.at("domain_match");
  m.only({"source", "matched", "wildcard_only"});
  t.domain_match.source = enum_from(m.at("source"), k_sources);
  t.domain_match.matched = m.at("matched").text();
  t.domain_match.wildcard_only = m.at("wildcard_only").boolean();
  t.target = in.at("target").text();
  t.target_match = in.at("target_match").boolean();
  t.cert_requested = in.at("cert_requested").boolean();
  t.client_cert_sent = in.at("client_cert_sent").boolean();
  t.client_cert_missing = in.at("client_cert_missing").boolean();
  t.days_left = opt_int<std::int64_t>(in, "days_left", -3650000, 3650000);
  return t;
}

constexpr std::array k_register_states{probe::RegisterState::ok,
                                       probe::RegisterState::challenged,
                                       probe::RegisterState::authenticated,
                                       probe::RegisterState::credentials_rejected,
                                       probe::RegisterState::rejected,
                                       probe::RegisterState::no_answer,
                                       probe::RegisterState::failed,
                                       probe::RegisterState::not_checked};

Json
register_json(const probe::RegisterResult& r)
{
  return Json{{"state", to_string(r.state)},
              {"aor", r.aor},
              {"status", opt(r.status)},
              {"reason", r.reason},
              {"challenge_status", opt(r.challenge_status)},
              {"algorithm", r.algorithm},
              {"sip_ms", opt(r.sip_ms)},
              {"error", r.error}};
}

probe::RegisterResult
register_from(const JsonIn& in)
{
  in.only({"state", "aor", "status", "reason", "challenge_status", "algorithm", "sip_ms", "error"});
  probe::RegisterResult r;
  r.state = enum_from(in.at("state"), k_register_states);
  r.aor = in.at("aor").text();
  r.status = opt_int<int>(in, "status", 100, 699);
  r.reason = in.at("reason").text();
  r.challenge_status = opt_int<int>(in, "challenge_status", 401, 407);
  r.algorithm = in.at("algorithm").text();
  r.sip_ms = opt_ms(in, "sip_ms");
  r.error = in.at("error").text();
  return r;
}

} // namespace

Json
probe_result_to_json(const probe::ProbeResult& r)
{
  return Json{{"spec", spec_json(r.spec)},
              {"state", to_string(r.state)},
              {"address", r.address},
              {"resolved", r.resolved},
              {"request_uri", r.request_uri},
              {"phase", to_string(r.phase)},
              {"timings", timings_json(r.timings)},
              {"retransmissions", r.retransmissions},
              {"unmatched", r.unmatched},
              {"provisional", opt(r.provisional)},
              {"response", r.response ? response_json(*r.response) : Json(nullptr)},
              {"tls", r.tls ? tls_json(*r.tls) : Json(nullptr)},
              {"registrar", r.registrar ? register_json(*r.registrar) : Json(nullptr)},
              {"error", r.error}};
}

probe::ProbeResult
probe_result_from_json(const JsonIn& in)
{
  in.only({"spec", "state", "address", "resolved", "request_uri", "phase", "timings", "retransmissions", "unmatched",
           "provisional", "response", "tls", "registrar", "error"});
  probe::ProbeResult r;
  r.spec = spec_from(in.at("spec"));
  r.state = enum_from(in.at("state"), k_states);
  r.address = in.at("address").text();
  r.resolved = in.at("resolved").texts(k_max_list);
  r.request_uri = in.at("request_uri").text();
  r.phase = enum_from(in.at("phase"), k_phases);
  r.timings = timings_from(in.at("timings"));
  r.retransmissions = static_cast<unsigned>(in.at("retransmissions").integer(0, 1000));
  r.unmatched = static_cast<unsigned>(in.at("unmatched").integer(0, 1000000));
  r.provisional = opt_int<int>(in, "provisional", 100, 199);
  in.at("response");
  if (const auto resp = in.maybe("response")) {
    r.response = response_from(*resp);
  }
  in.at("tls");
  if (const auto t = in.maybe("tls")) {
    r.tls = tls_from(*t);
  }
  in.at("registrar");
  if (const auto reg = in.maybe("registrar")) {
    r.registrar = register_from(*reg);
  }
  r.error = in.at("error").text();
  return r;
}

} // namespace sipsurv::cli
