#include "core/probe/probe_types.hpp"

namespace sipsurv::probe {

std::string_view
to_string(SniChoice s)
{
  switch (s) {
  case SniChoice::domain:
    return "domain";
  case SniChoice::target:
    return "target";
  case SniChoice::none:
    break;
  }
  return "none";
}

std::string_view
to_string(ProbeState s)
{
  switch (s) {
  case ProbeState::ok:
    return "ok";
  case ProbeState::sip_error:
    return "sip-error";
  case ProbeState::unavailable:
    return "unavailable";
  case ProbeState::refused:
    return "refused";
  case ProbeState::timeout:
    return "timeout";
  case ProbeState::provisional_only:
    return "provisional-only";
  case ProbeState::tls_failed:
    return "tls-failed";
  case ProbeState::cert_invalid:
    return "cert-invalid";
  case ProbeState::dns_failed:
    return "dns-failed";
  case ProbeState::protocol_error:
    return "protocol-error";
  case ProbeState::too_large:
    return "too-large";
  case ProbeState::network_error:
    return "network-error";
  case ProbeState::unsafe_destination:
    return "unsafe-destination";
  case ProbeState::not_probed:
    break;
  }
  return "not-probed";
}

std::string_view
to_string(ProbePhase p)
{
  switch (p) {
  case ProbePhase::queued:
    return "queued";
  case ProbePhase::dns:
    return "dns";
  case ProbePhase::connect:
    return "connect";
  case ProbePhase::tls:
    return "tls";
  case ProbePhase::sip:
    return "sip";
  case ProbePhase::done:
    break;
  }
  return "done";
}

std::string_view
to_string(RegisterState s)
{
  switch (s) {
  case RegisterState::ok:
    return "ok";
  case RegisterState::challenged:
    return "challenged";
  case RegisterState::authenticated:
    return "authenticated";
  case RegisterState::credentials_rejected:
    return "credentials-rejected";
  case RegisterState::rejected:
    return "rejected";
  case RegisterState::no_answer:
    return "no-answer";
  case RegisterState::failed:
    return "failed";
  case RegisterState::not_checked:
    break;
  }
  return "not-checked";
}

bool
registrar_works(RegisterState s)
{
  return s == RegisterState::ok || s == RegisterState::challenged || s == RegisterState::authenticated ||
    s == RegisterState::credentials_rejected;
}

bool
answered(ProbeState s)
{
  return s == ProbeState::ok || s == ProbeState::sip_error || s == ProbeState::unavailable;
}

} // namespace sipsurv::probe
