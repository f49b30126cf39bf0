// Certificates are made in memory with OpenSSL, then read through the
// adapter (read_certificate_der) and evaluated by the pure RFC 5922 rules.
#include "core/tls/cert_info.hpp"
#include "core/tls/tls_client.hpp"
#include "core/util/limits.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <vector>

using namespace sipsurv;

namespace {

struct Names {
  std::string cn;
  std::vector<std::string> sans; // "DNS:x", "URI:sip:x", "IP:1.2.3.4"
  long valid_from_s = -3600;
  long valid_for_s = 90L * 86400;
};

std::vector<unsigned char>
make_cert(const Names& n)
{
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), &X509_free);
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(x.get()), n.valid_from_s);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), n.valid_from_s + n.valid_for_s);
  X509_set_pubkey(x.get(), key.get());
  X509_NAME* name = X509_get_subject_name(x.get());
  if (!n.cn.empty()) {
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(n.cn.c_str()), -1, -1,
                               0);
  }
  X509_set_issuer_name(x.get(), name);
  if (!n.sans.empty()) {
    std::string value;
    for (const auto& s : n.sans) {
      value += (value.empty() ? "" : ",") + s;
    }
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, value.c_str());
    EXPECT_NE(ext, nullptr) << value;
    X509_add_ext(x.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(x.get(), key.get(), EVP_sha256());
  const int len = i2d_X509(x.get(), nullptr);
  std::vector<unsigned char> der(static_cast<std::size_t>(len));
  unsigned char* p = der.data();
  i2d_X509(x.get(), &p);
  return der;
}

tls::CertInfo
info(const Names& n)
{
  auto der = make_cert(n);
  auto c = tls::read_certificate_der(der);
  EXPECT_TRUE(c);
  return *c;
}

} // namespace

TEST(CertIdentity, SipUriSanWinsFirst)
{
  const auto c = info({"other.test", {"URI:sip:Example.Test", "DNS:example.test"}});
  const auto m = tls::match_sip_domain(c, "example.test");
  EXPECT_EQ(m.source, tls::IdentitySource::uri_san);
  EXPECT_EQ(c.uri_sans.size(), 1U);
  EXPECT_EQ(c.common_name, "other.test");
}

TEST(CertIdentity, DnsSanThenCommonNameOnlyWithoutSans)
{
  EXPECT_EQ(tls::match_sip_domain(info({"x", {"DNS:example.test"}}), "EXAMPLE.test").source,
            tls::IdentitySource::dns_san);
  // CN counts only when there is no SAN at all (RFC 5922 §7.1).
  EXPECT_EQ(tls::match_sip_domain(info({"example.test", {}}), "example.test").source, tls::IdentitySource::common_name);
  EXPECT_EQ(tls::match_sip_domain(info({"example.test", {"DNS:sip1.example.test"}}), "example.test").source,
            tls::IdentitySource::none);
}

TEST(CertIdentity, UserUrisAndWildcardsAreNoDomainIdentity)
{
  EXPECT_EQ(tls::match_sip_domain(info({"", {"URI:sip:alice@example.test"}}), "example.test").source,
            tls::IdentitySource::none);
  const auto m = tls::match_sip_domain(info({"", {"DNS:*.example.test"}}), "sip.example.test");
  EXPECT_EQ(m.source, tls::IdentitySource::none);
  EXPECT_TRUE(m.wildcard_only);
}

TEST(CertIdentity, TargetCheckUsesX509CheckHost)
{
  const auto der = make_cert({"", {"DNS:sip1.example.test", "DNS:*.pool.example.test", "IP:127.0.0.11"}});
  EXPECT_TRUE(tls::certificate_matches_host_der(der, "sip1.example.test"));
  EXPECT_TRUE(tls::certificate_matches_host_der(der, "a.pool.example.test")); // wildcards are fine for hosts
  EXPECT_TRUE(tls::certificate_matches_host_der(der, "127.0.0.11"));
  EXPECT_FALSE(tls::certificate_matches_host_der(der, "example.test"));
  EXPECT_FALSE(tls::certificate_matches_host_der(der, "127.0.0.12"));
}

TEST(CertIdentity, DaysLeftAgainstAGivenNow)
{
  const auto c = info({"x", {"DNS:x"}, -3600, 10L * 86400});
  const auto start = c.not_before;
  EXPECT_EQ(tls::days_left(c, start), 10);
  EXPECT_EQ(tls::days_left(c, start + std::chrono::days(9) + std::chrono::hours(1)), 0);
  EXPECT_LT(tls::days_left(c, start + std::chrono::days(11)), 0);
  EXPECT_TRUE(c.self_signed);
}

TEST(CertIdentity, GarbageIsNotACertificate)
{
  const std::vector<unsigned char> junk{0x30, 0x03, 0x01, 0x02, 0x03};
  EXPECT_FALSE(tls::read_certificate_der(junk));
}

namespace {

// `count` DNS SANs sip0.example.test … and `extra` e-mail SANs first.
Names
many_sans(std::size_t count, std::size_t extra = 0)
{
  Names n{"many.example.test", {}};
  for (std::size_t i = 0; i < extra; ++i) {
    n.sans.push_back("email:ops" + std::to_string(i) + "@example.test");
  }
  for (std::size_t i = 0; i < count; ++i) {
    n.sans.push_back("DNS:sip" + std::to_string(i) + ".example.test");
  }
  return n;
}

} // namespace

TEST(CertLimits, SansUpToTheLimitAreAllRead)
{
  const auto c = info(many_sans(limits::k_max_cert_sans, 20));
  EXPECT_GE(limits::k_max_cert_sans, 1024U);
  // E-mail SANs are no SIP identity and do not count.
  EXPECT_EQ(c.dns_sans.size(), limits::k_max_cert_sans);
  EXPECT_FALSE(c.sans_truncated);
  const std::string last = "sip" + std::to_string(limits::k_max_cert_sans - 1) + ".example.test";
  EXPECT_EQ(tls::match_sip_domain(c, last).source, tls::IdentitySource::dns_san);
}

TEST(CertLimits, SansPastTheLimitAreCutAndSaySo)
{
  const auto c = info(many_sans(limits::k_max_cert_sans + 5));
  EXPECT_EQ(c.dns_sans.size(), limits::k_max_cert_sans);
  EXPECT_TRUE(c.sans_truncated);
  // A name past the cut is not seen: the flag tells the reader why.
  const std::string past = "sip" + std::to_string(limits::k_max_cert_sans + 2) + ".example.test";
  EXPECT_EQ(tls::match_sip_domain(c, past).source, tls::IdentitySource::none);
}
