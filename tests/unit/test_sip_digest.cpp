// Digest authentication of the registrar check against the RFC 7616 §3.9.1
// test vectors (MD5 and SHA-256): the RFC's numbers, not ours.
#include "core/sip/digest_auth.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;

namespace {

// RFC 7616 §3.9.1: the challenge, the user and the client's choices.
sip::DigestChallenge
rfc7616_challenge(std::string algorithm)
{
  sip::DigestChallenge c;
  c.realm = "http-auth@example.org";
  c.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  c.opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
  c.algorithm = std::move(algorithm);
  c.qop = {"auth", "auth-int"};
  return c;
}

const sip::DigestAnswer k_rfc7616_answer{.user = "Mufasa",
                                         .password = "Circle of Life",
                                         .method = "GET",
                                         .uri = "/dir/index.html",
                                         .cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"};

} // namespace

TEST(Digest, Rfc7616Md5Vector)
{
  const auto r = sip::digest_response(rfc7616_challenge("MD5"), k_rfc7616_answer);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(Digest, Rfc7616Sha256Vector)
{
  const auto r = sip::digest_response(rfc7616_challenge("SHA-256"), k_rfc7616_answer);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(Digest, Rfc7616ChallengeParsesAndTheAnswerCarriesItsFields)
{
  const auto c = sip::parse_digest_challenge(
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->realm, "http-auth@example.org");
  EXPECT_EQ(c->algorithm, "SHA-256");
  EXPECT_EQ(c->qop, (std::vector<std::string>{"auth", "auth-int"}));
  const auto h = sip::digest_authorization(*c, k_rfc7616_answer);
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(*h,
            "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
            "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", "
            "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", algorithm=SHA-256, "
            "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", qop=auth, nc=00000001, "
            "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\"");
}

TEST(Digest, AbsentAlgorithmIsMd5AndNoQopIsRfc2069)
{
  const auto c = sip::parse_digest_challenge("digest nonce=abc, realm=\"x\"");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->algorithm, "MD5");
  EXPECT_TRUE(c->qop.empty());
  const auto h = sip::digest_authorization(*c, k_rfc7616_answer);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->find("qop="), std::string::npos) << *h;
  EXPECT_EQ(h->find("cnonce"), std::string::npos) << *h;
}

TEST(Digest, TheStrongestSupportedChallengeIsPicked)
{
  const std::vector<std::string> lines{
    "Via: SIP/2.0/UDP x",
    "WWW-Authenticate: Digest realm=\"r\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"",
    "WWW-Authenticate: Digest realm=\"r\", nonce=\"n2\", algorithm=SHA-512-256, qop=\"auth\"",
    "www-authenticate: Digest realm=\"r\", nonce=\"n3\", algorithm=SHA-256, qop=\"auth\"",
  };
  const auto c = sip::pick_digest_challenge(lines, "WWW-Authenticate");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->nonce, "n3");
  EXPECT_FALSE(sip::pick_digest_challenge(lines, "Proxy-Authenticate"));
  const auto only_unsupported = sip::pick_digest_challenge(
    {"WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"}, "WWW-Authenticate");
  ASSERT_FALSE(only_unsupported);
  EXPECT_NE(only_unsupported.error().message.find("SHA-512-256"), std::string::npos);
}

TEST(Digest, SessVariantHashesTheNoncesIntoHa1)
{
  auto c = rfc7616_challenge("MD5-sess");
  const auto sess = sip::digest_response(c, k_rfc7616_answer);
  ASSERT_TRUE(sess);
  EXPECT_NE(*sess, "8ca523f5e9506fed4657c9700eebdbec");
  EXPECT_EQ(sess->size(), 32U);
}

TEST(Digest, HostileChallengesAreRefused)
{
  EXPECT_FALSE(sip::parse_digest_challenge("Basic realm=\"x\""));
  EXPECT_FALSE(sip::parse_digest_challenge("Digest realm=\"x\""));                                 // no nonce
  EXPECT_FALSE(sip::parse_digest_challenge("Digest realm=\"x, nonce=\"y\""));                      // quote not closed
  EXPECT_FALSE(sip::parse_digest_challenge("Digest realm=\"x\r\nContact: <sip:evil>\", nonce=y")); // injection
  EXPECT_FALSE(sip::parse_digest_challenge("Digest realm"));
  EXPECT_FALSE(sip::parse_digest_challenge(""));
  const auto auth_int_only = sip::parse_digest_challenge("Digest realm=\"x\", nonce=\"y\", qop=\"auth-int\"");
  ASSERT_TRUE(auth_int_only);
  EXPECT_FALSE(sip::digest_authorization(*auth_int_only, k_rfc7616_answer));
}

// Found by fuzz_sip_digest (regressions/sip_digest/empty-unquoted-realm):
// "REALM=," parsed as an empty realm.
TEST(Digest, AnEmptyTokenValueOrNonceIsRefused)
{
  EXPECT_FALSE(sip::parse_digest_challenge("digest REALM=,,NONCE=n"));
  EXPECT_FALSE(sip::parse_digest_challenge("Digest realm=\"r\", nonce=\"\""));
  const auto quoted_empty_realm = sip::parse_digest_challenge("Digest realm=\"\", nonce=\"n\"");
  ASSERT_TRUE(quoted_empty_realm);
  EXPECT_EQ(quoted_empty_realm->realm, "");
}
