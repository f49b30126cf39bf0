#!/usr/bin/env python3
"""zone_to_dnsmasq.py ZONE TTL SITE...: dnsmasq directives for some sites of a zone file.

The rotating DNS server of the lab (components/rotating_dns.sh) must serve the
same records as NSD, so its data comes from the NSD zone file, not from a
second copy: every record whose owner is SITE or ends in .SITE becomes one
dnsmasq line (srv-host, host-record, naptr-record, cname, txt-record).
dnsmasq has one TTL for all local records, so the zone's TTLs are dropped and
TTL is given instead.

Only the syntax lab.test.zone uses is read ($ORIGIN, $TTL, one record per
line, relative or absolute owners, "IN" optional, ';' comments). A record type
dnsmasq cannot serve, or a record that could not be read, is an error: a
silently missing record would make the two servers disagree.
"""
import shlex
import sys

SUPPORTED = ("SRV", "A", "AAAA", "NAPTR", "CNAME", "TXT")


def split(line: str):
    """The fields of one zone line: quoted strings kept whole, ';' starts a comment."""
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ";"
    return list(lexer)


def absolute(name: str, origin: str) -> str:
    if name == "@":
        return origin
    if name.endswith("."):
        return name[:-1].lower()
    return f"{name}.{origin}".lower()


def records(path: str):
    """Yield (owner, type, rdata fields) for each record of the zone file."""
    origin = ""
    for number, raw in enumerate(open(path, encoding="ascii"), 1):
        fields = split(raw)
        if not fields:
            continue
        if fields[0] == "$ORIGIN":
            origin = fields[1].rstrip(".").lower()
            continue
        if fields[0] == "$TTL":
            continue
        if raw[0].isspace():
            sys.exit(f"{path}:{number}: a record without an owner is not supported here")
        owner, rest = absolute(fields[0], origin), fields[1:]
        if rest and rest[0].isdigit():
            rest = rest[1:]
        if rest and rest[0].upper() == "IN":
            rest = rest[1:]
        if not rest:
            sys.exit(f"{path}:{number}: no record type")
        yield owner, rest[0].upper(), rest[1:], origin, number


def directives(path: str, sites):
    hosts = {}  # owner -> addresses, in zone order (one host-record each)
    out = []
    for owner, rtype, data, origin, number in records(path):
        if not any(owner == s or owner.endswith("." + s) for s in sites):
            continue
        where = f"{path}:{number}"
        if rtype not in SUPPORTED:
            sys.exit(f"{where}: record type {rtype} cannot be served by dnsmasq")
        if rtype in ("A", "AAAA"):
            hosts.setdefault(owner, []).append(data[0])
        elif rtype == "SRV":
            prio, weight, port, target = data
            if target == ".":
                sys.exit(f"{where}: dnsmasq cannot serve the SRV target '.'")
            out.append(f"srv-host={owner},{absolute(target, origin)},{port},{prio},{weight}")
        elif rtype == "NAPTR":
            order, pref, flags, service, regexp, replacement = data
            if "," in regexp:
                sys.exit(f"{where}: a NAPTR regexp with a comma cannot be written for dnsmasq")
            out.append(f"naptr-record={owner},{order},{pref},{flags},{service},{regexp},"
                       f"{absolute(replacement, origin)}")
        elif rtype == "CNAME":
            out.append(f"cname={owner},{absolute(data[0], origin)}")
        elif rtype == "TXT":
            out.append(f"txt-record={owner},\"{data[0]}\"")
    for owner, addresses in hosts.items():
        out.append(f"host-record={owner},{','.join(addresses)}")
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: zone_to_dnsmasq.py ZONE TTL SITE...")
    path, ttl, sites = sys.argv[1], int(sys.argv[2]), [s.lower().rstrip(".") for s in sys.argv[3:]]
    lines = directives(path, sites)
    if not lines:
        sys.exit(f"{path}: no records for {' '.join(sites)}")
    print(f"local-ttl={ttl}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
