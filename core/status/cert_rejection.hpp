#pragma once

#include "core/model/phone_profile.hpp"
#include "core/tls/cert_info.hpp"

#include <string>

namespace sipsurv::status {

// Why the phone would refuse this server's certificate, or empty when it
// would accept it (or no certificate was seen: a handshake that failed is
// a TLS failure, not a certificate judgement). The phone checks the chain
// (which covers validity dates), expiry, and its identity name: the SIP
// domain or the SRV target, as its profile says (PhoneProfile::cert_identity).
// --insecure does not change the answer: it only lets the probe go on to
// the SIP request, while the phone would still refuse the server.
// The one place that decides this: the verdict, status' Simulation section
// and live simulate all read it through ProbeRow::cert_rejected.
std::string phone_rejects_certificate(const tls::TlsSummary& t, model::CertIdentity identity);

} // namespace sipsurv::status
