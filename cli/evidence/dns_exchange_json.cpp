#include "cli/evidence/dns_exchange_json.hpp"

#include "core/util/limits.hpp"

#include <array>
#include <limits>

namespace sipsurv::cli {
namespace {

// The error codes a Reply can carry, by name.
constexpr std::array<std::pair<Errc, std::string_view>, 8> k_errcs{{{Errc::usage, "usage"},
                                                                    {Errc::timeout, "timeout"},
                                                                    {Errc::refused, "refused"},
                                                                    {Errc::no_server, "no-server"},
                                                                    {Errc::protocol, "protocol"},
                                                                    {Errc::limit, "limit"},
                                                                    {Errc::io, "io"},
                                                                    {Errc::internal, "internal"}}};

std::string_view
errc_name(Errc c)
{
  for (const auto& [code, name] : k_errcs) {
    if (code == c) {
      return name;
    }
  }
  return "internal";
}

Json
data_json(const dns::RecordData& d)
{
  if (const auto* a = std::get_if<dns::AddressData>(&d)) {
    return Json{{"kind", "address"}, {"address", a->address}};
  }
  if (const auto* c = std::get_if<dns::CnameData>(&d)) {
    return Json{{"kind", "cname"}, {"target", c->target}};
  }
  if (const auto* s = std::get_if<dns::SrvData>(&d)) {
    return Json{
      {"kind", "srv"}, {"priority", s->priority}, {"weight", s->weight}, {"port", s->port}, {"target", s->target}};
  }
  if (const auto* n = std::get_if<dns::NaptrData>(&d)) {
    return Json{{"kind", "naptr"},       {"order", n->order},   {"preference", n->preference},  {"flags", n->flags},
                {"service", n->service}, {"regexp", n->regexp}, {"replacement", n->replacement}};
  }
  return Json{{"kind", "none"}};
}

std::uint16_t
u16(const JsonIn& in)
{
  return static_cast<std::uint16_t>(in.integer(0, 65535));
}

dns::RecordData
data_from(const JsonIn& in)
{
  const std::string kind = in.at("kind").choice({"none", "address", "cname", "srv", "naptr"});
  if (kind == "address") {
    in.only({"kind", "address"});
    return dns::AddressData{in.at("address").text()};
  }
  if (kind == "cname") {
    in.only({"kind", "target"});
    return dns::CnameData{in.at("target").text()};
  }
  if (kind == "srv") {
    in.only({"kind", "priority", "weight", "port", "target"});
    return dns::SrvData{u16(in.at("priority")), u16(in.at("weight")), u16(in.at("port")), in.at("target").text()};
  }
  if (kind == "naptr") {
    in.only({"kind", "order", "preference", "flags", "service", "regexp", "replacement"});
    return dns::NaptrData{u16(in.at("order")),     u16(in.at("preference")), in.at("flags").text(),
                          in.at("service").text(), in.at("regexp").text(),   in.at("replacement").text()};
  }
  in.only({"kind"});
  return std::monostate{};
}

Json
message_json(const dns::Message& m)
{
  Json answers = Json::array();
  for (const auto& r : m.answers) {
    answers.push_back(Json{{"name", r.name}, {"type", r.type}, {"ttl", r.ttl}, {"data", data_json(r.data)}});
  }
  return Json{{"rcode", m.rcode},
              {"truncated", m.truncated},
              {"authoritative", m.authoritative},
              {"answers", answers},
              {"records_over_limit", m.records_over_limit}};
}

dns::Message
message_from(const JsonIn& in)
{
  in.only({"rcode", "truncated", "authoritative", "answers", "records_over_limit"});
  dns::Message m;
  m.rcode = static_cast<unsigned>(in.at("rcode").integer(0, 4095)); // 12 bits with EDNS (RFC 6891)
  m.truncated = in.at("truncated").boolean();
  m.authoritative = in.at("authoritative").boolean();
  for (const auto& r : in.at("answers").items(limits::k_max_records_per_answer)) {
    r.only({"name", "type", "ttl", "data"});
    dns::Record rec;
    rec.name = r.at("name").text();
    rec.type = u16(r.at("type"));
    rec.ttl = static_cast<std::uint32_t>(r.at("ttl").integer(0, std::numeric_limits<std::uint32_t>::max()));
    rec.data = data_from(r.at("data"));
    m.answers.push_back(std::move(rec));
  }
  m.records_over_limit = static_cast<std::size_t>(in.at("records_over_limit").integer(0, 1000000));
  return m;
}

} // namespace

Json
dns_exchange_to_json(const status::DnsExchange& e)
{
  Json j{{"question", Json{{"name", e.question.name}, {"type", e.question.type}}},
         {"elapsed_us", e.reply.elapsed.count()},
         {"server", e.reply.server.empty() ? Json(nullptr) : Json(e.reply.server)}};
  if (e.reply.outcome) {
    j["message"] = message_json(*e.reply.outcome);
    j["error"] = nullptr;
  } else {
    j["message"] = nullptr;
    j["error"] = Json{{"code", errc_name(e.reply.outcome.error().code)}, {"message", e.reply.outcome.error().message}};
  }
  return j;
}

status::DnsExchange
dns_exchange_from_json(const JsonIn& in)
{
  in.only({"question", "elapsed_us", "server", "message", "error"});
  status::DnsExchange e;
  const JsonIn q = in.at("question");
  q.only({"name", "type"});
  e.question.name = q.at("name").text();
  e.question.type = u16(q.at("type"));
  e.reply.elapsed = std::chrono::microseconds(in.at("elapsed_us").integer(0, 3600LL * 1000 * 1000));
  in.at("server");
  if (const auto server = in.maybe("server")) {
    e.reply.server = server->text();
  }
  in.at("message");
  in.at("error");
  const auto message = in.maybe("message");
  const auto error = in.maybe("error");
  if (message && error) {
    in.at("error").problem("set with a message; allowed: null when message is set (one of the two per reply)");
    return e;
  }
  if (!message && !error) {
    in.at("message").problem("null and so is error; allowed: a message, or an error (one of the two per reply)");
    return e;
  }
  if (message) {
    e.reply.outcome = message_from(*message);
    return e;
  }
  error->only({"code", "message"});
  std::vector<std::string> names;
  for (const auto& [code, name] : k_errcs) {
    names.emplace_back(name);
  }
  const std::string code = error->at("code").choice(names);
  Errc errc = Errc::internal;
  for (const auto& [c, name] : k_errcs) {
    if (name == code) {
      errc = c;
    }
  }
  e.reply.outcome = std::unexpected(Error{errc, error->at("message").text()});
  return e;
}

} // namespace sipsurv::cli
