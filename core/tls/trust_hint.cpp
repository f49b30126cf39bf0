#include "core/tls/trust_hint.hpp"

namespace sipsurv::tls {

std::string
trust_store_hint(const TlsSummary& t)
{
  if (t.verified || !t.system_trust || t.chain.empty()) {
    return {};
  }
  return "checked against the system trust store only: for a site with a private CA, pass its CA with --ca-file";
}

std::string
with_trust_hint(const std::string& text, const TlsSummary& t)
{
  const std::string hint = trust_store_hint(t);
  return hint.empty() ? text : text + " (" + hint + ")";
}

} // namespace sipsurv::tls
