#pragma once

#include "core/dns/records.hpp"
#include "core/dns/resolver.hpp"
#include "core/dns/site_dns.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::dns {

// How one reply reads for a question of `type` about `name`: found, no data,
// NXDOMAIN, a server failure, no answer or malformed, with its detail.
LookupInfo classify_reply(const Reply& reply, std::uint16_t type, std::string_view name);

// The one A/AAAA reader, for site resolution and the prober alike: a host's
// addresses from its A and AAAA answers. It follows CNAMEs hop by hop,
// checking every record's owner name against the chain (a record owned by
// another name, out of bailiwick, is ignored), keeps the CNAME chain limit
// for the whole chain across answers, and asks again for a CNAME target the
// server did not resolve. Pure: the caller asks the questions, in rounds.
//
//   AddressChase chase("sip1.example.com");
//   while (!chase.done()) { chase.absorb(resolver.lookup(chase.questions(), deadline)); }
//   HostAddresses h = chase.result();
class AddressChase
{
public:
  explicit AddressChase(std::string host);

  // This round's questions; empty once done.
  const std::vector<Question>& questions() const { return m_questions; }
  bool done() const { return m_questions.empty(); }
  // The replies to questions(), one each, in order; prepares the next round.
  void absorb(std::span<const Reply> replies);
  // The addresses (A first, then AAAA) and what each lookup found.
  HostAddresses result() const;

private:
  struct Chase {
    std::string name;
    std::uint16_t type;
    std::size_t hops; // CNAME hops followed from the host to `name`
  };
  void set_questions();

  HostAddresses m_host;
  std::vector<Chase> m_todo;
  std::vector<Question> m_questions;
  std::size_t m_round = 0;
};

// Why a host has no address, in one line: "A NXDOMAIN; AAAA no records".
std::string no_address_reason(const HostAddresses& host);

} // namespace sipsurv::dns
