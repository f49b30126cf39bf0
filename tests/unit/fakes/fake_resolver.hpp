#pragma once

// A resolver answering from a table: name+type -> records or an rcode, or a
// transport error. Unknown questions get NXDOMAIN. Records every question.
#include "core/dns/resolver.hpp"

#include <map>
#include <utility>

namespace sipsurv::test {

class FakeResolver final : public dns::Resolver
{
public:
  void add(const std::string& name, std::uint16_t type, dns::Record rec)
  {
    auto& m = slot(name, type);
    m.answers.push_back(std::move(rec));
  }
  void add_srv(const std::string& name, std::uint32_t ttl, std::uint16_t prio, std::uint16_t weight, std::uint16_t port,
               const std::string& target)
  {
    add(name, dns::rr::srv, dns::Record{name, dns::rr::srv, ttl, dns::SrvData{prio, weight, port, target}});
  }
  void add_a(const std::string& name, std::uint32_t ttl, const std::string& address)
  {
    add(name, dns::rr::a, dns::Record{name, dns::rr::a, ttl, dns::AddressData{address}});
  }
  void add_aaaa(const std::string& name, std::uint32_t ttl, const std::string& address)
  {
    add(name, dns::rr::aaaa, dns::Record{name, dns::rr::aaaa, ttl, dns::AddressData{address}});
  }
  void add_cname(const std::string& name, std::uint32_t ttl, const std::string& target)
  {
    for (std::uint16_t t : {dns::rr::a, dns::rr::aaaa}) {
      add(name, t, dns::Record{name, dns::rr::cname, ttl, dns::CnameData{target}});
    }
  }
  // An existing name without records of this type (NODATA).
  void add_empty(const std::string& name, std::uint16_t type) { slot(name, type); }
  void set_rcode(const std::string& name, std::uint16_t type, unsigned rcode) { slot(name, type).rcode = rcode; }
  void set_error(const std::string& name, std::uint16_t type, Error e) { m_errors[{name, type}] = std::move(e); }
  void fail_everything(Error e) { m_fail_all = std::move(e); }

  std::vector<dns::Reply> lookup(std::span<const dns::Question> questions, net::TimePoint deadline) override
  {
    deadlines.push_back(deadline);
    std::vector<dns::Reply> out;
    for (const auto& q : questions) {
      asked.push_back(q);
      if (m_fail_all) {
        out.push_back(dns::Reply{std::unexpected(*m_fail_all), {}, {}});
        continue;
      }
      if (auto e = m_errors.find({q.name, q.type}); e != m_errors.end()) {
        out.push_back(dns::Reply{std::unexpected(e->second), {}, {}});
        continue;
      }
      auto it = m_table.find({q.name, q.type});
      if (it == m_table.end()) {
        dns::Message nx;
        nx.rcode = 3;
        out.push_back(dns::Reply{nx, {}, {}});
      } else {
        out.push_back(dns::Reply{it->second, {}, {}});
      }
    }
    return out;
  }
  std::string describe() const override { return "fake"; }

  // What each configured DNS server answers when asked alone (set by the
  // test; empty = a single server, as a zone file or one --dns).
  std::vector<dns::ServerReply> ask_each_server(const dns::Question& question, net::TimePoint deadline) override
  {
    server_check_questions.push_back(question);
    server_check_deadlines.push_back(deadline);
    return per_server;
  }

  std::vector<dns::ServerReply> per_server;
  std::vector<dns::Question> server_check_questions;
  std::vector<net::TimePoint> server_check_deadlines;

  std::vector<dns::Question> asked;
  std::vector<net::TimePoint> deadlines; // one per lookup() call: one per round

private:
  dns::Message& slot(const std::string& name, std::uint16_t type) { return m_table[{name, type}]; }
  std::map<std::pair<std::string, std::uint16_t>, dns::Message> m_table;
  std::map<std::pair<std::string, std::uint16_t>, Error> m_errors;
  std::optional<Error> m_fail_all;
};

} // namespace sipsurv::test
