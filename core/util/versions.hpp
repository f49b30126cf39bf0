#pragma once

#include <string>

namespace sipsurv {

// "c-ares 1.18.1, OpenSSL 3.0.x, sofia-sip 1.12.11": the libraries sipsurv
// runs with (c-ares and OpenSSL as loaded at run time, sofia-sip as built).
std::string library_versions_text();

} // namespace sipsurv
