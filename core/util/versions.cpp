#include "core/util/versions.hpp"

#include <ares.h>
#include <fmt/format.h>
#include <openssl/crypto.h>
// su_config.h defines SOFIAPUBVAR, which sofia_features.h needs: keep the order.
// clang-format off
#include <sofia-sip/su_config.h>
#include <sofia-sip/sofia_features.h>
// clang-format on

namespace sipsurv {

std::string
library_versions_text()
{
  // sofia_sip_name_version is "sofia-sip-1.12.11devel": the library's own word, read at run time.
  std::string sofia = sofia_sip_name_version;
  if (sofia.starts_with("sofia-sip-")) {
    sofia = "sofia-sip " + sofia.substr(10);
  }
  return fmt::format("c-ares {}\n{}\n{}", ares_version(nullptr), OpenSSL_version(OPENSSL_VERSION), sofia);
}

} // namespace sipsurv
