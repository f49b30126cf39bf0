#pragma once

#include <string>

// How a TLS context trusts "the system store" when no --ca-file/--ca-path is
// given. OpenSSL's SSL_CTX_set_default_verify_paths parses the whole default
// bundle file up front (~150 CAs, ~20 ms per context), although the default
// directory holds the same CAs as hash links (c_rehash / update-ca-certificates)
// that OpenSSL's hash-dir lookup reads only when a chain needs one.
namespace sipsurv::tls {

enum class SystemTrust {
  hashed_dir,       // the default directory alone, CAs loaded on demand
  openssl_defaults, // SSL_CTX_set_default_verify_paths: the default file, then the directory
};

// The hashed directory only when it is the whole trust set: the file and the
// directory OpenSSL would use are the defaults (SSL_CERT_FILE and SSL_CERT_DIR
// unset, or naming the same files: containers often set them to the
// defaults; anything else is the user's own trust set and OpenSSL's rule
// applies), and the default directory holds hash links (a distribution that
// ships only a bundle file, such as a ca-bundle.crt and no links, keeps it).
SystemTrust choose_system_trust(bool file_is_default, bool dir_is_default, bool default_dir_hashed);

// Whether an SSL_CERT_FILE/SSL_CERT_DIR value leaves OpenSSL's default in
// place: unset (null), or the same file or directory (symbolic links followed).
bool names_default(const char* env_value, const std::string& default_path);

// Whether `dir` holds at least one OpenSSL hash link ("5ad8a5d6.0": 8 hex
// digits, a dot, digits). Reads at most the first 100000 entries.
bool has_hash_links(const std::string& dir);

} // namespace sipsurv::tls
