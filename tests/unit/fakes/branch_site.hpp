#pragma once

// A branch site for status::check_site tests: DNS with a survivability proxy
// before the primary, and one check run the way the CLI runs it.
#include "tests/unit/fakes/fake_resolver.hpp"
#include "tests/unit/fakes/scripted_network.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace sipsurv::test {

// proxy.DOMAIN (priority 10) before primary.DOMAIN (priority 20) on each SRV
// service given ("_sip._udp", "_sip._tcp", …), one A record each, no NAPTR.
inline void
add_branch_site(FakeResolver& r, const std::string& domain, std::initializer_list<const char*> services,
                const std::string& proxy_address, const std::string& primary_address)
{
  r.add_empty(domain, dns::rr::naptr);
  for (const char* service : services) {
    r.add_srv(std::string(service) + "." + domain, 300, 10, 0, 5060, "proxy." + domain);
    r.add_srv(std::string(service) + "." + domain, 300, 20, 0, 5060, "primary." + domain);
  }
  r.add_a("proxy." + domain, 300, proxy_address);
  r.add_a("primary." + domain, 300, primary_address);
}

// One status round on `s`: the plan, then check_site through `r` and `net`.
inline status::SiteCheck
run_check_site(const PhoneSettings& s, FakeResolver& r, ScriptedNetwork& net, std::string indicator = {})
{
  auto plan = dns::make_plan(s);
  EXPECT_TRUE(plan) << plan.error().message;
  status::CheckOptions options;
  options.survivable_indicator = std::move(indicator);
  auto result = status::check_site(s, *plan, r, net.runner(), options);
  EXPECT_TRUE(result) << result.error().message;
  return std::move(*result);
}

} // namespace sipsurv::test
