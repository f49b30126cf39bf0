#include "cli/render/register_render.hpp"

#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sipsurv::cli {

std::string
register_text(const probe::RegisterResult& r)
{
  std::string out(probe::to_string(r.state));
  if (r.challenge_status && r.state != probe::RegisterState::challenged) {
    out += fmt::format(" after a {} challenge", *r.challenge_status);
  }
  if (!r.algorithm.empty()) {
    out += fmt::format(" (digest {})", escape_for_terminal(r.algorithm));
  }
  if (r.status) {
    out += fmt::format(": {} {}", *r.status, escape_for_terminal(r.reason));
  }
  if (!r.error.empty()) {
    out += fmt::format("; {}", escape_for_terminal(r.error));
  }
  if (!r.aor.empty()) {
    out += fmt::format(" (REGISTER {}{})", escape_for_terminal(r.aor),
                       r.sip_ms ? fmt::format(", {:.1f} ms", *r.sip_ms) : std::string());
  }
  return out;
}

void
write_register(JsonWriter& w, const std::optional<probe::RegisterResult>& r)
{
  if (!r) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("state").value(probe::to_string(r->state));
  w.key("aor").string_or_null(r->aor);
  w.key("status").value(r->status);
  w.key("reason").string_or_null(r->reason);
  w.key("challenge_status").value(r->challenge_status);
  w.key("algorithm").string_or_null(r->algorithm);
  r->sip_ms ? w.key("sip_ms").value(std::round(*r->sip_ms * 1000.0) / 1000.0) : w.key("sip_ms").null();
  w.key("error").string_or_null(r->error);
  w.end_object();
}

} // namespace sipsurv::cli
