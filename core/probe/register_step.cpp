// The registrar check: after the OPTIONS succeeded, a REGISTER without
// Contact on the same socket or connection (RFC 3261 §10.2.3: it only asks
// for the current bindings, so it changes nothing), and, for a challenge
// when credentials are given, one answer with them (RFC 7616, RFC 8760).

#include "core/probe/probe_session.hpp"
#include "core/sip/digest_auth.hpp"
#include "core/sip/options_request.hpp"

#include <fmt/format.h>

namespace sipsurv::probe {
namespace {

using Ms = std::chrono::duration<double, std::milli>;

} // namespace

bool
checks_registrar(const ProbeSpec& spec, const ProbeOptions& options)
{
  return options.registrar.enabled && spec.role != "proxy-hop";
}

std::string
register_aor(const ProbeSpec& spec, const RegisterCheck& check)
{
  std::string domain = spec.sip_domain.empty() ? spec.target : spec.sip_domain;
  if (domain.find(':') != std::string::npos && !domain.starts_with('[')) {
    domain = fmt::format("[{}]", domain);
  }
  const bool sips = spec.transport == Transport::tls;
  return fmt::format("{}:{}@{}", sips ? "sips" : "sip", check.user.empty() ? "sipsurv" : check.user, domain);
}

bool
Session::start_register()
{
  m_result.registrar = RegisterResult{};
  m_result.registrar->aor = register_aor(spec(), options().registrar);
  m_result.provisional.reset();
  m_stage = Stage::register_plain;
  // A REGISTER is its own request: a fresh Call-ID and From tag; its retry
  // with credentials keeps them and takes the next CSeq (RFC 3261 §10.2).
  m_params.call_id = sip::new_token();
  m_params.from_tag = sip::new_token().substr(0, 10);
  m_params.cseq = 1;
  return send_register({}, {});
}

bool
Session::send_register(std::string auth_header, std::string auth_value)
{
  sip::OptionsParams p = m_params;
  p.method = "REGISTER";
  p.from_uri = m_result.registrar->aor;
  p.to_uri = m_result.registrar->aor;
  p.branch = sip::new_branch();
  p.auth_header = std::move(auth_header);
  p.auth_value = std::move(auth_value);
  auto request = sip::build_options(p);
  if (!request) {
    // Nothing sent: the registrar is unknown, the OPTIONS stands.
    m_result.registrar->state = RegisterState::failed;
    m_result.registrar->error = request.error().message;
    m_stage = Stage::register_done;
    return false;
  }
  m_params = p;
  m_request = std::move(*request);
  m_ids.branch = p.branch;
  m_ids.cseq = p.cseq;
  m_ids.method = p.method;
  m_ids.call_id = p.call_id;
  m_ids.from_tag = p.from_tag;
  if (m_stage == Stage::register_plain) {
    m_register_sent = now();
  }
  m_sent = now();
  send_followup();
  return true;
}

void
Session::register_answered(sip::SipResponse response)
{
  RegisterResult& reg = *m_result.registrar;
  reg.status = response.status;
  reg.reason = response.reason;
  reg.sip_ms = Ms(now() - m_register_sent).count();
  const int status = response.status;
  const bool challenge = status == 401 || status == 407;
  const RegisterCheck& check = options().registrar;
  if (status >= 200 && status < 300) {
    reg.state = m_stage == Stage::register_auth ? RegisterState::authenticated : RegisterState::ok;
  } else if (challenge && m_stage == Stage::register_auth) {
    reg.state = RegisterState::credentials_rejected;
  } else if (challenge && check.user.empty()) {
    // A registrar that challenges is one that would take the phone's
    // registration with the phone's credentials.
    reg.state = RegisterState::challenged;
    reg.challenge_status = status;
  } else if (challenge) {
    reg.challenge_status = status;
    const std::string_view header = status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
    auto picked = sip::pick_digest_challenge(response.header_lines, header);
    std::optional<std::string> value;
    if (picked) {
      const sip::DigestAnswer answer{.user = check.user,
                                     .password = check.password,
                                     .method = "REGISTER",
                                     .uri = m_params.request_uri,
                                     .cnonce = check.cnonce ? check.cnonce() : sip::new_token()};
      auto made = sip::digest_authorization(*picked, answer);
      if (made) {
        value = std::move(*made);
      } else {
        reg.error = made.error().message;
      }
    } else {
      reg.error = picked.error().message;
    }
    if (!value) {
      // The registrar works (it challenged); sipsurv could not answer it.
      reg.state = RegisterState::challenged;
      finish_after_register();
      return;
    }
    reg.algorithm = picked->algorithm;
    m_stage = Stage::register_auth;
    ++m_params.cseq;
    const std::string auth = status == 401 ? "Authorization" : "Proxy-Authorization";
    if (send_register(auth, std::move(*value))) {
      return;
    }
  } else {
    reg.state = RegisterState::rejected;
  }
  finish_after_register();
}

void
Session::finish_after_register()
{
  m_stage = Stage::register_done;
  finish(m_options_state, {});
}

} // namespace sipsurv::probe
