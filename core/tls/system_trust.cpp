#include "core/tls/system_trust.hpp"

#include <cctype>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace sipsurv::tls {
namespace {

bool
is_hash_link_name(std::string_view name)
{
  if (name.size() < 10 || name[8] != '.') {
    return false;
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const bool ok = i < 8 ? std::isxdigit(c) != 0 && std::isupper(c) == 0 : i == 8 || std::isdigit(c) != 0;
    if (!ok) {
      return false;
    }
  }
  return true;
}

} // namespace

SystemTrust
choose_system_trust(bool file_is_default, bool dir_is_default, bool default_dir_hashed)
{
  return file_is_default && dir_is_default && default_dir_hashed ? SystemTrust::hashed_dir
                                                                 : SystemTrust::openssl_defaults;
}

bool
names_default(const char* env_value, const std::string& default_path)
{
  if (env_value == nullptr) {
    return true;
  }
  std::error_code ec;
  return std::filesystem::equivalent(env_value, default_path, ec) && !ec;
}

bool
has_hash_links(const std::string& dir)
{
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  // Bounded: a trust directory holds hundreds of entries, not millions.
  for (int n = 0; !ec && it != std::filesystem::directory_iterator() && n < 100000; ++n) {
    if (is_hash_link_name(it->path().filename().native())) {
      return true;
    }
    it.increment(ec);
  }
  return false;
}

} // namespace sipsurv::tls
