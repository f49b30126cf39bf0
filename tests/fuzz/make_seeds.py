#!/usr/bin/env python3
"""Write the seed corpus of every fuzz target to tests/fuzz/corpus/<target>/.

Seeds are small, valid or nearly valid inputs that lead the fuzzer into each
parser's interesting paths (and the hostile cases of issue 7: truncated and
malformed DNS answers, 1000 SRV records, CNAME loops, control characters).
The script is deterministic: running it again gives the same files, so the
replay ctests see the same corpus everywhere.

    tests/fuzz/make_seeds.py [--out DIR]
"""
import argparse
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent

# DNS wire format (RFC 1035) ------------------------------------------------

A, CNAME, AAAA, SRV, NAPTR = 1, 5, 28, 33, 35


def name(dotted):
    out = b""
    for label in dotted.strip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def header(qd, an, rcode=0, tc=False, qr=True, aa=True):
    flags = (0x8000 if qr else 0) | (0x0400 if aa else 0) | (0x0200 if tc else 0) | rcode
    return struct.pack("!HHHHHH", 0x1234, flags, qd, an, 0, 0)


def question(qname, qtype):
    return name(qname) + struct.pack("!HH", qtype, 1)


def rr(owner, rtype, ttl, rdata, owner_raw=None, rclass=1):
    return (owner_raw if owner_raw is not None else name(owner)) + struct.pack("!HHIH", rtype, rclass, ttl,
                                                                              len(rdata)) + rdata


def srv(prio, weight, port, target):
    return struct.pack("!HHH", prio, weight, port) + name(target)


def naptr(order, pref, flags, service, regexp, replacement):
    out = struct.pack("!HH", order, pref)
    for s in (flags, service, regexp):
        out += bytes([len(s)]) + s
    return out + name(replacement)


def message(qname, qtype, records, rcode=0, tc=False, qr=True, an=None):
    body = b"".join(records)
    return header(1, len(records) if an is None else an, rcode, tc, qr) + question(qname, qtype) + body


def dns_answer_seeds():
    s = "_sip._udp.example.test"
    seeds = {
        "srv-two-targets": message(s, SRV, [rr(s, SRV, 300, srv(10, 60, 5060, "sip1.example.test")),
                                            rr(s, SRV, 300, srv(10, 40, 5060, "sip2.example.test"))]),
        "srv-not-available": message(s, SRV, [rr(s, SRV, 60, srv(0, 0, 0, "."))]),
        "naptr": message("example.test", NAPTR,
                         [rr("example.test", NAPTR, 3600, naptr(10, 10, b"s", b"SIPS+D2T", b"", "_sips._tcp.example.test")),
                          rr("example.test", NAPTR, 3600, naptr(20, 10, b"s", b"SIP+D2U", b"", "_sip._udp.example.test"))]),
        "a-and-aaaa": message("sip1.example.test", A,
                              [rr("sip1.example.test", A, 30, bytes([192, 0, 2, 10])),
                               rr("sip1.example.test", AAAA, 30, bytes.fromhex("20010db8000000000000000000000001"))]),
        "cname-chain": message("alias.example.test", A,
                               [rr("alias.example.test", CNAME, 30, name("sip1.example.test")),
                                rr("sip1.example.test", A, 30, bytes([192, 0, 2, 10]))]),
        "cname-loop": message("a.example.test", A,
                              [rr("a.example.test", CNAME, 30, name("b.example.test")),
                               rr("b.example.test", CNAME, 30, name("a.example.test"))]),
        "nxdomain": message(s, SRV, [], rcode=3),
        "servfail": message(s, SRV, [], rcode=2),
        "query-not-response": message(s, SRV, [], qr=False),
        "short-header": header(1, 0)[:7],
        "lying-ancount": message(s, SRV, [rr(s, SRV, 300, srv(1, 1, 5060, "sip1.example.test"))], an=40),
        "truncated-mid-record": message(s, SRV, [rr(s, SRV, 300, srv(1, 1, 5060, "sip1.example.test"))], tc=True)[:-9],
        "rdlength-past-end": message(s, SRV, [rr(s, SRV, 300, srv(1, 1, 5060, "sip1.example.test"))])[:-3],
        "a-wrong-length": message("sip1.example.test", A, [rr("sip1.example.test", A, 30, bytes([192, 0, 2]))]),
        "ttl-top-bit": message("sip1.example.test", A, [rr("sip1.example.test", A, 0x80000001, bytes([192, 0, 2, 1]))]),
        "class-chaos": message(s, SRV, [rr(s, SRV, 300, srv(1, 1, 5060, "x.test"), rclass=3)]),
        "naptr-string-overrun": message("example.test", NAPTR,
                                        [rr("example.test", NAPTR, 1, struct.pack("!HH", 1, 1) + b"\x40abc" + name("x"))]),
        "control-chars": message(s, SRV, [rr(s, SRV, 300, srv(1, 1, 5060, "\x1b[31mevil.example.test"))]),
    }
    # Compression: the answer's owner points at the question name (offset 12).
    q = question(s, SRV)
    seeds["compressed-owner"] = header(1, 1) + q + rr(None, SRV, 300, srv(1, 1, 5060, "sip1.example.test"),
                                                      owner_raw=b"\xc0\x0c")
    # A pointer to itself: must not loop.
    seeds["pointer-loop"] = header(1, 1) + q + rr(None, SRV, 300, srv(1, 1, 5060, "x"), owner_raw=b"\xc0\x1c")
    # 1000 SRV records, each a compressed pointer to the question name.
    many = [rr(None, SRV, 300, srv(i % 3, i % 7, 5060, f"t{i}.example.test"), owner_raw=b"\xc0\x0c")
            for i in range(1000)]
    seeds["srv-1000-records"] = header(1, len(many)) + q + b"".join(many)
    return seeds


# Site resolution: the byte stream tests/fuzz/fuzz_dns_site.cpp decodes -----

SITE_TYPES = [A, AAAA, CNAME, SRV, NAPTR, 99]


class SiteInput:
    """Encodes answers in the order resolve_site asks its questions."""

    def __init__(self, mode, seed):
        self.b = bytes([mode]) + struct.pack("!I", seed)

    def u8(self, v):
        self.b += bytes([v])

    def u16(self, v):
        self.b += struct.pack("!H", v)

    def timeout(self):
        self.u8(0)

    def raw(self, wire):
        self.u8(2)
        self.u16(len(wire))
        self.b += wire

    def answer(self, records, rcode_byte=0):
        """records: (name_selector, type_selector, ttl, data_bytes)."""
        self.u8(3)
        self.u8(rcode_byte)
        self.u8(len(records))
        for sel, tsel, ttl, data in records:
            self.u8(sel)
            self.u8(tsel)
            self.b += struct.pack("!I", ttl)
            self.b += data


# Selectors (see FuzzResolver::name and ::answer): a name selector below 128
# means the question's own name, 128..239 picks k_targets[sel % 6]; a type
# selector below 128 means the question's type, else SITE_TYPES[sel % 6].
K_TARGETS = ["sip1.example.test", "sip2.example.test", "alias.example.test", "SIP1.Example.Test.",
             "sbc.example.test", "."]


def pick(index, modulus=6):
    return next(sel for sel in range(128, 240) if sel % modulus == index)


Q = 0
SEL_SIP1, SEL_SIP2, SEL_ALIAS, SEL_SIP1_UPPER, SEL_SBC, SEL_DOT = (pick(k) for k in range(len(K_TARGETS)))
SAME_TYPE = 0
TYPE_CNAME = pick(SITE_TYPES.index(CNAME))


def srv_data(prio, weight_small, port, target_sel):
    return bytes([prio, weight_small, weight_small]) + struct.pack("!H", port) + bytes([target_sel])


def site_seeds():
    seeds = {}
    # SRV via udp: NAPTR empty, phone's SRV has two targets, the others NXDOMAIN.
    s = SiteInput(0, 1)
    s.answer([], rcode_byte=0)  # NAPTR: no records
    s.answer([(Q, SAME_TYPE, 300, srv_data(1, 50, 5060, SEL_SIP1)),
              (Q, SAME_TYPE, 300, srv_data(1, 50, 5060, SEL_SIP2)),
              (Q, SAME_TYPE, 300, srv_data(2, 0, 5060, SEL_SBC))])
    for _ in range(3):
        s.answer([], rcode_byte=203)  # rcode 203 % 16 = 11: an error rcode
    for addr in range(3):  # A then AAAA of each of three hosts
        s.answer([(Q, SAME_TYPE, 30, bytes([10 + addr]))])
        s.answer([(Q, SAME_TYPE, 30, struct.pack("!H", addr + 1))])
    seeds["srv-three-targets"] = s.b
    # Every question times out.
    s = SiteInput(1, 7)
    for _ in range(5):
        s.timeout()
    seeds["all-timeouts"] = s.b
    # SRV target behind a CNAME that loops.
    s = SiteInput(2, 3)
    s.answer([])
    s.answer([(Q, SAME_TYPE, 300, srv_data(0, 0, 5061, SEL_ALIAS))])
    for _ in range(3):
        s.answer([])
    for _ in range(2 * 10):  # every round: alias -> sip1 -> alias ...
        s.answer([(Q, TYPE_CNAME, 30, bytes([SEL_SIP1])), (SEL_SIP1, TYPE_CNAME, 30, bytes([Q]))])
    seeds["cname-loop"] = s.b
    # Raw wire answers through the walker.
    s = SiteInput(0, 9)
    s.raw(dns_answer_seeds()["naptr"])
    s.raw(dns_answer_seeds()["srv-two-targets"])
    seeds["raw-wire"] = s.b
    # A flood: count byte 15 then a 16-bit count.
    s = SiteInput(0, 11)
    s.answer([])
    flood = b"".join(bytes([Q, SAME_TYPE]) + struct.pack("!I", 60) + srv_data(i % 3, i % 200, 5060, SEL_SIP1 if i % 2 else SEL_SIP2)
                     for i in range(300))
    s.u8(3)
    s.u8(0)
    s.u8(15)
    s.u16(300)
    s.b += flood
    seeds["srv-flood"] = s.b
    # Direct server (no SRV), transport tls.
    s = SiteInput(0x80 | 0x40 | 2, 5)
    s.answer([(Q, SAME_TYPE, 30, bytes([1]))])
    s.answer([])
    seeds["direct-server"] = s.b
    return seeds


# Text inputs ----------------------------------------------------------------

def server_address_seeds():
    texts = ["127.0.0.1", "127.0.0.1:5353", "::1", "[::1]:5353", "[::1]", "192.0.2.53:0", "192.0.2.53:65536",
             "[::1", "[::1]x", "host.example:53", "", ":", "1.2.3.4:", "fe80::1%eth0", "example.com",
             "_sip._udp.example.com.", "a" * 64 + ".com", ".".join(["abcdefghi"] * 26), "ex ample.com",
             "exa\x1bmple.com", "xn--bcher-kva.example", "a..b"]
    return {f"text-{i:02d}": t.encode() for i, t in enumerate(texts)}


def escape_seeds():
    texts = [b"OpenScape Voice V10", b"\x1b[2J\x1b[31mred", b"bell\x07", b"caf\xc3\xa9", b"\xc2\x9b31m",
             b"\xe0\x80\x9b", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xff\xfe", b"back\\slash", b"\x7f",
             "日本語".encode(), b"\xf0\x9f\x98\x80", b"\xc3",
             "evil \u202etxt.exe\u202c".encode(), "line\u2028break\u2029".encode(),
             "\u061c\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202d".encode()]
    return {f"text-{i:02d}": t for i, t in enumerate(texts)}


def cli_seeds():
    lines = [
        ["resolve", "example.test"],
        ["resolve", "example.test", "--transport", "tls", "--dns", "127.0.0.1:5353", "--format", "json", "--seed", "9"],
        ["resolve", "example.test", "--timeout", "0.5", "--connectivity-check", "30"],
        ["resolve", "example.test", "--sip-server-port", "5060", "--sip-server", "sip1.example.test"],
        ["--sip-gateway", "example.test", "resolve", "--backup-proxy", "[::1]:5070", "--backup-transport", "tcp"],
        ["resolve", "x.test", "--response-timer", "3700", "--non-invite-timer", "6000", "--reg-backoff", "0"],
        ["resolve", "x.test", "--registration-expiry", "600", "--outbound-proxy", "no", "--color", "never"],
        ["--help"],
        ["--version"],
        ["resolve", "--help"],
        ["resolve", "x.test", "--timeout", "nan"],
        ["resolve", "x.test", "--connectivity-check", "inf"],
        ["resolve", "x..test"],
        ["resolve", "x.test", "--dns", "[::1]:99999"],
        ["frobnicate"],
        [],
    ]
    return {f"argv-{i:02d}": b"\0".join(a.encode() for a in line) for i, line in enumerate(lines)}


def phone_file_seeds():
    texts = [
        "sip-server = sip1.example.test\nsip-server-port = 5060\ntransport = tls\n",
        "[default]\ntransport = udp\ndns = [\"127.0.0.1:5353\", \"[::1]:5353\"]\nresponse-timer = 3700\n",
        "backup-proxy = \"[2001:db8::1]:5070\"\nbackup-transport = tcp\nbackup-registration = no\n",
        "connectivity-check = 60\nreg-backoff = 120\nregistration-expiry = 600\n",
        "connectivity-check = nan\n",
        "survivability-proxy = sbc.example.test\noutbound-proxy = no\nsip-gateway = example.test\n",
        "# comment\n; other comment\n\n[resolve]\nseed = 4\n",
        "transport = sctp\n",
        "unknown-key = 1\n",
        "= no key\n[[unterminated\n",
        "dns = 127.0.0.1:5353\ndns = 127.0.0.2\n",
    ]
    return {f"file-{i:02d}": t.encode() for i, t in enumerate(texts)}


# SIP responses (RFC 3261 §7.2) ------------------------------------------------

def sip_response(status_line, headers, body=b""):
    head = status_line + b"\r\n" + b"".join(h + b"\r\n" for h in headers)
    return head + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body


BASE_HEADERS = [b"Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1;received=127.0.0.1",
                b"From: <sip:sipsurv@127.0.0.1>;tag=a1", b"To: <sip:example.test>;tag=b2",
                b"Call-ID: 1234@127.0.0.1", b"CSeq: 1 OPTIONS"]


def sip_response_seeds():
    return {
        "200-ok": sip_response(b"SIP/2.0 200 OK", BASE_HEADERS + [b"Server: OpenScape Voice V10",
                                                                   b"Allow: INVITE, ACK, OPTIONS, BYE"]),
        "503-retry-after": sip_response(b"SIP/2.0 503 Service Unavailable", BASE_HEADERS + [b"Retry-After: 120"]),
        "folded-header": sip_response(b"SIP/2.0 200 OK", BASE_HEADERS + [b"Server: Kamailio\r\n (5.6.3)"]),
        "compact-headers": sip_response(b"SIP/2.0 200 OK", [b"v: SIP/2.0/TCP 127.0.0.1", b"i: x@y", b"CSeq: 1 OPTIONS"]),
        "ansi-in-server": sip_response(b"SIP/2.0 200 \x1b[2Jgotcha", BASE_HEADERS + [b"Server: \x1b]0;title\x07evil"]),
        "http-not-sip": b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        "status-99999": sip_response(b"SIP/2.0 99999 Huge", BASE_HEADERS),
        "no-status-line": b"\r\n\r\n",
        "garbage": bytes(range(256)),
        "body": sip_response(b"SIP/2.0 200 OK", BASE_HEADERS + [b"Content-Type: application/sdp"], b"v=0\r\n"),
        "warning-headers": sip_response(b"SIP/2.0 488 Not Acceptable Here",
                                        BASE_HEADERS + [b'Warning: 399 sbc "overload"', b'Warning: 307 x "y"']),
    }


def sip_framer_seeds():
    ok = sip_response(b"SIP/2.0 200 OK", BASE_HEADERS)
    seeds = {
        "two-messages": b"\x00" + ok + ok,
        "keepalives": b"\x00" + b"\r\n\r\n" + ok + b"\r\n",
        "content-length-lies": b"\x00" + ok.replace(b"Content-Length: 0", b"Content-Length: 99999"),
        "content-length-negative": b"\x00" + ok.replace(b"Content-Length: 0", b"Content-Length: -1"),
        "no-content-length": b"\x00" + ok.replace(b"Content-Length: 0\r\n", b""),
        "endless-status-line": b"\x01" + b"SIP/2.0 200 " + b"O" * 2000,
        "huge-header": b"\x01" + b"SIP/2.0 200 OK\r\nX-Big: " + b"a" * 3000,
    }
    return seeds


def sip_uri_seeds():
    texts = ["sip1.example.test", "sip1.example.test:5060", "[::1]:5061", "127.0.0.1", "sip:example.test",
             "sips:alice@example.test:5061", "sip:[2001:db8::1]:5080;transport=tcp", "sip:host;transport=tls",
             "sip:host;transport=sctp", "sip:", "sips:[::1", "host:0", "host:65536", "SIP:HOST;TRANSPORT=UDP",
             "sip:user@host;lr;maddr=x?subject=y", "sip:\x1b[31m.example.test", "[::1]x", ":5060"]
    return {f"text-{i:02d}": t.encode() for i, t in enumerate(texts)}


def sip_digest_seeds():
    values = [
        'Digest realm="lab.test", nonce="abc123", algorithm=MD5, qop="auth"',
        'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, '
        'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
        'Digest realm="r", nonce="n", algorithm=MD5-sess, qop=auth',
        'Digest realm="r", nonce="n", algorithm=SHA-256-sess, qop="auth-int"',
        'Digest realm="r", nonce="n", algorithm=SHA-512-256',
        'Digest realm="r", nonce="n"',
        'Digest realm="a\\"b", nonce="n", stale=TRUE, domain="sip:x sip:y"',
        'Digest realm="r\r\nContact: <sip:evil>", nonce="n"',
        'Basic realm="r"', 'Digest', 'Digest nonce="n"', 'Digest realm="unterminated, nonce=n', 'digest REALM=r,NONCE=n',
        'WWW-Authenticate: Digest realm="r", nonce="n1", algorithm=MD5, qop="auth"\n'
        'WWW-Authenticate: Digest realm="r", nonce="n2", algorithm=SHA-256, qop="auth"',
        'Proxy-Authenticate: Digest realm="p", nonce="n", algorithm=SHA-256\nVia: SIP/2.0/UDP x',
        'WWW-Authenticate: Digest realm="r", nonce="n", algorithm=SHA-512-256',
    ]
    return {f"text-{i:02d}": v.encode() for i, v in enumerate(values)}


# Evidence bundles (status --save) ------------------------------------------------

def evidence_bundle_seeds():
    golden = (HERE.parent / "golden" / "status" / "replay_same" / "bundle.json").read_bytes()
    seeds = {"golden": golden, "truncated": golden[: len(golden) // 2], "empty-object": b"{}",
             "not-json": b"sipsurv", "wrong-format": golden.replace(b"sipsurv-evidence/1", b"sipsurv-evidence/9", 1)}
    return seeds


# Zone and scenario files -------------------------------------------------------

def zone_seeds():
    seeds = {}
    for path in sorted((HERE.parent / "lab" / "zones").glob("*.zone")):
        seeds[f"lab-{path.stem}"] = path.read_bytes()[:16384]
    seeds["small"] = (b"$ORIGIN example.test.\n$TTL 300\n"
                      b"@ IN SOA ns hostmaster 1 3600 600 86400 60\n"
                      b"_sip._udp IN SRV 10 60 5060 sip1\n_sip._udp 300 IN SRV 10 40 5060 sip2.example.test.\n"
                      b"_sips._tcp IN SRV ( 10 0 5061\n  sip1 )\n"
                      b"@ IN NAPTR 10 10 \"s\" \"SIPS+D2T\" \"\" _sips._tcp\n"
                      b"sip1 IN A 127.0.0.10\nsip1 IN AAAA ::1\nsip2 IN CNAME sip1 ; alias\n")
    seeds["cname-loop"] = (b"$ORIGIN example.test.\n_sip._udp IN SRV 0 0 5060 a\na IN CNAME b\nb IN CNAME a\n")
    seeds["unclosed-paren"] = b"_sip._udp IN SRV ( 10 0 5060 x\n"
    seeds["control-chars"] = b"_sip._udp IN SRV 10 0 5060 \x1b[31mx\n"
    return seeds


def scenario_seeds():
    texts = [
        "0s down sip1.example.com\n45s call\n120s up sip1.example.com\n200s dns-add sip3.example.com 30 0 5061\n",
        "# comment\n1.5s 503 sip1 # trailing\n2m tls-fail sip2\n1h link-lost sbc\n1h link-restored sbc\n",
        "1500ms dns-remove sip1\n90 up sip1\n",
        "8d down x\n", "-1s down x\n", "1e9s down x\n", "10s fly x\n", "10s call extra\n",
        "10s dns-add x 70000 0 1\n", "nan down x\n",
        "0s refuse sip1.example.com\n1s 503 sip2.example.com retry-after=120\n"
        "2s register-reject sip3.example.com 403\n3s call 2m\n4s up 127.0.0.11\n",
        "1s register-reject a 503\n1s 503 a retry-after=0\n1s call 0s\n",
    ]
    return {f"text-{i:02d}": t.encode() for i, t in enumerate(texts)}


TARGETS = {
    "dns_answer": dns_answer_seeds,
    "dns_site": site_seeds,
    "dns_server_address": server_address_seeds,
    "util_escape": escape_seeds,
    "cli_command_line": cli_seeds,
    "phone_file": phone_file_seeds,
    "sip_response": sip_response_seeds,
    "sip_framer": sip_framer_seeds,
    "sip_uri": sip_uri_seeds,
    "zone_file": zone_seeds,
    "scenario": scenario_seeds,
    "sip_digest": sip_digest_seeds,
    "evidence_bundle": evidence_bundle_seeds,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=HERE / "corpus")
    args = parser.parse_args()
    for target, make in TARGETS.items():
        folder = args.out / target
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("seed-*"):
            old.unlink()
        seeds = make()
        for label, data in seeds.items():
            (folder / f"seed-{label}").write_bytes(data)
        print(f"{target}: {len(seeds)} seeds")


if __name__ == "__main__":
    main()
