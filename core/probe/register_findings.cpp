#include "core/probe/register_findings.hpp"

#include "core/probe/probe_findings.hpp"

#include <fmt/format.h>

namespace sipsurv::probe {

void
register_findings(std::vector<report::Finding>& out, const ProbeResult& r)
{
  if (!r.registrar) {
    return;
  }
  const RegisterResult& reg = *r.registrar;
  const std::string label = probe_label(r);
  switch (reg.state) {
  case RegisterState::rejected:
    out.push_back(report::make_finding(
      "SIP009",
      fmt::format("{} answers OPTIONS but rejects REGISTER ({} {}): the phone cannot register there.", r.spec.target,
                  reg.status.value_or(0), reg.reason),
      fmt::format("{}: REGISTER {} answered {} {}", label, reg.aor, reg.status.value_or(0), reg.reason)));
    break;
  case RegisterState::no_answer:
  case RegisterState::failed:
    out.push_back(report::make_finding(
      "SIP010", fmt::format("{} answers OPTIONS but gave REGISTER no usable answer.", r.spec.target),
      fmt::format("{}: REGISTER {}: {}", label, reg.aor, reg.error)));
    break;
  case RegisterState::credentials_rejected:
    out.push_back(report::make_finding(
      "SIP011",
      fmt::format("{} challenged REGISTER again after sipsurv answered with the credentials given ({} {}).",
                  r.spec.target, reg.status.value_or(0), reg.reason),
      fmt::format("{}: REGISTER {} with digest {}: {} {}", label, reg.aor, reg.algorithm, reg.status.value_or(0),
                  reg.reason)));
    break;
  case RegisterState::ok:
  case RegisterState::challenged:
  case RegisterState::authenticated:
  case RegisterState::not_checked: // the OPTIONS's own finding says why
    break;
  }
}

} // namespace sipsurv::probe
