#pragma once

#include "cli/render/common.hpp"
#include "core/dns/site_dns.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sipsurv::cli {

// Text renderers here and in the other render files return terminal-safe
// text: every string that is not sipsurv's own went through
// escape_for_terminal once, where it was formatted, so a caller embedding the
// result must not escape it again. JSON renderers keep the raw values.

// The first line of a resolve report: the answer in one sentence.
std::string resolve_headline(const dns::SiteDns& site);

// The "DNS servers" section: each of two or more --dns servers asked the
// phone's first question alone; empty without such a check (status embeds it).
std::string dns_servers_text(const dns::SiteDns& site, const TextStyle& style);

// The "Server list" section alone (status embeds it).
std::string resolve_server_list_text(const dns::SiteDns& site, const TextStyle& style);

std::string render_resolve_text(const dns::SiteDns& site, const TextStyle& style);
Json resolve_json(const dns::SiteDns& site); // the "dns" object, also embedded by status

// "refetch_after_ms": when the phone fetches the SRV list again (its TTL), as
// an offset in milliseconds; null when it never does. resolve and simulate
// name the fact the same way.
Json refetch_after_ms_json(std::optional<std::uint32_t> seconds);
std::string render_resolve_json(const dns::SiteDns& site);

} // namespace sipsurv::cli
