#include "core/sip/digest_auth.hpp"

#include "core/util/ascii.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace sipsurv::sip {
namespace {

bool
is_space(char c)
{
  return c == ' ' || c == '\t';
}

std::string_view
base_algorithm(std::string_view algorithm)
{
  constexpr std::string_view sess = "-sess";
  if (algorithm.size() > sess.size() && iequals(algorithm.substr(algorithm.size() - sess.size()), sess)) {
    return algorithm.substr(0, algorithm.size() - sess.size());
  }
  return algorithm;
}

bool
is_sess(std::string_view algorithm)
{
  return base_algorithm(algorithm).size() != algorithm.size();
}

struct MdDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

// Lower-case hex of the digest of `text` (RFC 7616 §3.4: H and KD are hex).
Result<std::string>
hex_hash(std::string_view algorithm, std::string_view text)
{
  const std::string_view base = base_algorithm(algorithm);
  const EVP_MD* md = iequals(base, "MD5") ? EVP_md5() : iequals(base, "SHA-256") ? EVP_sha256() : nullptr;
  if (md == nullptr) {
    return fail(Errc::usage, fmt::format("digest algorithm '{}' is not supported (MD5, SHA-256)", algorithm));
  }
  std::unique_ptr<EVP_MD_CTX, MdDeleter> ctx(EVP_MD_CTX_new());
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), text.data(), text.size()) != 1 || EVP_DigestFinal_ex(ctx.get(), out, &len) != 1) {
    return fail(Errc::internal, "OpenSSL could not compute the digest");
  }
  std::string hex;
  hex.reserve(std::size_t{len} * 2);
  for (unsigned int k = 0; k < len; ++k) {
    hex += fmt::format("{:02x}", out[k]);
  }
  return hex;
}

// A quoted-string's value for a header we write: the two characters that
// need it escaped (RFC 3261 §25.1).
std::string
quote(std::string_view s)
{
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  out += '"';
  return out;
}

} // namespace

bool
supported_algorithm(std::string_view algorithm)
{
  const std::string_view base = base_algorithm(algorithm);
  return iequals(base, "MD5") || iequals(base, "SHA-256");
}

Result<DigestChallenge>
parse_digest_challenge(std::string_view value)
{
  std::size_t pos = 0;
  while (pos < value.size() && is_space(value[pos])) {
    ++pos;
  }
  constexpr std::string_view scheme = "Digest";
  if (value.size() - pos <= scheme.size() || !iequals(value.substr(pos, scheme.size()), scheme) ||
      !is_space(value[pos + scheme.size()])) {
    return fail(Errc::protocol, "the challenge is not a Digest challenge");
  }
  pos += scheme.size();
  DigestChallenge c;
  bool realm = false; // realm="" is a realm; an empty nonce is none
  // Bounded by the value: every pass consumes at least one character or stops.
  while (pos < value.size()) {
    while (pos < value.size() && (is_space(value[pos]) || value[pos] == ',')) {
      ++pos;
    }
    if (pos >= value.size()) {
      break;
    }
    const std::size_t eq = value.find('=', pos);
    if (eq == std::string_view::npos) {
      return fail(Errc::protocol, "a challenge parameter has no value");
    }
    std::string_view name = value.substr(pos, eq - pos);
    while (!name.empty() && is_space(name.back())) {
      name.remove_suffix(1);
    }
    pos = eq + 1;
    while (pos < value.size() && is_space(value[pos])) {
      ++pos;
    }
    std::string v;
    if (pos < value.size() && value[pos] == '"') {
      ++pos;
      bool closed = false;
      for (; pos < value.size(); ++pos) {
        if (value[pos] == '\\' && pos + 1 < value.size()) {
          v += value[++pos];
        } else if (value[pos] == '"') {
          closed = true;
          ++pos;
          break;
        } else {
          v += value[pos];
        }
      }
      if (!closed) {
        return fail(Errc::protocol, "a quoted challenge parameter is not closed");
      }
    } else {
      const std::size_t end = std::min(value.find(',', pos), value.size());
      std::string_view token = value.substr(pos, end - pos);
      while (!token.empty() && is_space(token.back())) {
        token.remove_suffix(1);
      }
      if (token.empty()) { // "realm=," : a token value is at least one character (RFC 7616 §3.3)
        return fail(Errc::protocol, "a challenge parameter has an empty value");
      }
      v = std::string(token);
      pos = end;
    }
    if (iequals(name, "realm")) {
      c.realm = std::move(v);
      realm = true;
    } else if (iequals(name, "nonce")) {
      c.nonce = std::move(v);
    } else if (iequals(name, "opaque")) {
      c.opaque = std::move(v);
    } else if (iequals(name, "algorithm")) {
      c.algorithm = std::move(v);
    } else if (iequals(name, "qop")) {
      std::string_view list = v;
      // Bounded: each pass removes one item.
      while (!list.empty()) {
        const std::size_t comma = std::min(list.find(','), list.size());
        std::string_view item = list.substr(0, comma);
        while (!item.empty() && is_space(item.front())) {
          item.remove_prefix(1);
        }
        while (!item.empty() && is_space(item.back())) {
          item.remove_suffix(1);
        }
        if (!item.empty()) {
          c.qop.emplace_back(item);
        }
        list.remove_prefix(std::min(comma + 1, list.size()));
      }
    }
  }
  if (!realm || c.nonce.empty()) {
    return fail(Errc::protocol, "the Digest challenge lacks a realm or a nonce");
  }
  // What is echoed into our request must not carry a line break or other
  // control character (a header injected into the REGISTER).
  const auto clean = [](const std::string& s) {
    return std::none_of(s.begin(), s.end(), [](char ch) {
      const auto u = static_cast<unsigned char>(ch);
      return u < 0x20 || u == 0x7f;
    });
  };
  if (!clean(c.realm) || !clean(c.nonce) || !clean(c.opaque)) {
    return fail(Errc::protocol, "the Digest challenge carries a control character");
  }
  return c;
}

Result<DigestChallenge>
pick_digest_challenge(const std::vector<std::string>& header_lines, std::string_view header)
{
  std::vector<DigestChallenge> usable;
  std::string why = fmt::format("the answer has no {} header", header);
  for (const auto& line : header_lines) {
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    std::string_view name = std::string_view(line).substr(0, colon);
    while (!name.empty() && is_space(name.back())) {
      name.remove_suffix(1);
    }
    if (!iequals(name, header)) {
      continue;
    }
    auto parsed = parse_digest_challenge(std::string_view(line).substr(colon + 1));
    if (!parsed) {
      why = parsed.error().message;
      continue;
    }
    if (!supported_algorithm(parsed->algorithm)) {
      why = fmt::format("the challenge asks for algorithm '{}' (sipsurv answers MD5 and SHA-256)", parsed->algorithm);
      continue;
    }
    usable.push_back(std::move(*parsed));
  }
  const auto sha = std::find_if(usable.begin(), usable.end(), [](const DigestChallenge& c) {
    return iequals(base_algorithm(c.algorithm), "SHA-256");
  });
  if (sha != usable.end()) {
    return *sha;
  }
  if (!usable.empty()) {
    return usable.front();
  }
  return fail(Errc::protocol, why);
}

Result<std::string>
digest_response(const DigestChallenge& c, const DigestAnswer& a)
{
  auto ha1 = hex_hash(c.algorithm, fmt::format("{}:{}:{}", a.user, c.realm, a.password));
  if (!ha1) {
    return ha1;
  }
  if (is_sess(c.algorithm)) {
    ha1 = hex_hash(c.algorithm, fmt::format("{}:{}:{}", *ha1, c.nonce, a.cnonce));
    if (!ha1) {
      return ha1;
    }
  }
  auto ha2 = hex_hash(c.algorithm, fmt::format("{}:{}", a.method, a.uri));
  if (!ha2) {
    return ha2;
  }
  const bool qop_auth =
    std::any_of(c.qop.begin(), c.qop.end(), [](const std::string& q) { return iequals(q, "auth"); });
  if (qop_auth) {
    return hex_hash(c.algorithm, fmt::format("{}:{}:00000001:{}:auth:{}", *ha1, c.nonce, a.cnonce, *ha2));
  }
  return hex_hash(c.algorithm, fmt::format("{}:{}:{}", *ha1, c.nonce, *ha2));
}

Result<std::string>
digest_authorization(const DigestChallenge& c, const DigestAnswer& a)
{
  const bool qop_auth =
    std::any_of(c.qop.begin(), c.qop.end(), [](const std::string& q) { return iequals(q, "auth"); });
  if (!c.qop.empty() && !qop_auth) {
    return fail(Errc::protocol, "the challenge offers only qop=auth-int");
  }
  auto response = digest_response(c, a);
  if (!response) {
    return response;
  }
  std::string out = fmt::format("Digest username={}, realm={}, nonce={}, uri={}, response=\"{}\", algorithm={}",
                                quote(a.user), quote(c.realm), quote(c.nonce), quote(a.uri), *response, c.algorithm);
  if (!c.opaque.empty()) {
    out += fmt::format(", opaque={}", quote(c.opaque));
  }
  if (qop_auth) {
    out += fmt::format(", qop=auth, nc=00000001, cnonce={}", quote(a.cnonce));
  }
  return out;
}

} // namespace sipsurv::sip
