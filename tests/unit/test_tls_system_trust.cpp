// The choice of how the system trust store is loaded (core/tls/system_trust.hpp).
#include "core/tls/system_trust.hpp"
#include "core/tls/tls_client.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace sipsurv::tls;

namespace {

// A fresh empty directory under the test's temporary directory.
std::filesystem::path
fresh_dir(const std::string& name)
{
  const auto dir = std::filesystem::temp_directory_path() / ("sipsurv-trust-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void
touch(const std::filesystem::path& p)
{
  std::ofstream(p) << "x";
}

} // namespace

TEST(SystemTrust, HashedDirectoryOnlyWhenItIsTheWholeTrustSet)
{
  EXPECT_EQ(choose_system_trust(true, true, true), SystemTrust::hashed_dir);
  // SSL_CERT_FILE or SSL_CERT_DIR name another trust set: OpenSSL's own rule.
  EXPECT_EQ(choose_system_trust(false, true, true), SystemTrust::openssl_defaults);
  EXPECT_EQ(choose_system_trust(true, false, true), SystemTrust::openssl_defaults);
  // A directory without hash links cannot be looked up: keep the bundle file.
  EXPECT_EQ(choose_system_trust(true, true, false), SystemTrust::openssl_defaults);
}

TEST(SystemTrust, HashLinksAreRecognisedByName)
{
  const auto dir = fresh_dir("links");
  EXPECT_FALSE(has_hash_links(dir.string()));
  touch(dir / "ca-certificates.crt");
  touch(dir / "ACCVRAIZ1.pem");
  touch(dir / "5ad8a5d6.r0"); // a CRL link, not a certificate
  touch(dir / "5AD8A5D6.0");  // OpenSSL writes lower-case hex
  touch(dir / "5ad8a5d.0");
  EXPECT_FALSE(has_hash_links(dir.string()));
  touch(dir / "5ad8a5d6.12");
  EXPECT_TRUE(has_hash_links(dir.string()));
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(has_hash_links(dir.string())); // a missing directory has none
}

TEST(SystemTrust, AnEnvironmentNamingTheDefaultsKeepsThem)
{
  const auto dir = fresh_dir("env");
  touch(dir / "bundle.crt");
  std::filesystem::create_symlink(dir / "bundle.crt", dir / "cert.pem");
  touch(dir / "other.crt");
  const std::string def = (dir / "cert.pem").string();
  EXPECT_TRUE(names_default(nullptr, def));
  EXPECT_TRUE(names_default((dir / "bundle.crt").c_str(), def)); // the link's target is the same file
  EXPECT_TRUE(names_default(def.c_str(), def));
  EXPECT_FALSE(names_default((dir / "other.crt").c_str(), def));
  EXPECT_FALSE(names_default((dir / "missing.crt").c_str(), def));
  EXPECT_FALSE(names_default("", def));
  std::filesystem::remove_all(dir);
}

TEST(SystemTrust, ContextWithTheSystemStoreIsCreated)
{
  auto ctx = TlsContext::create(TlsConfig{});
  ASSERT_TRUE(ctx.has_value()) << ctx.error().message;
}
