#!/usr/bin/env python3
"""A deliberately broken DNS server for sipsurv's tests (loopback only).

Real servers do not send malformed answers, so this peer does, on purpose,
chosen by the question's name (all under bad.test):

  servfail.bad.test     SERVFAIL
  malformed.bad.test    an SRV record whose data runs past the message end
  truncated.bad.test    TC bit over UDP; over TCP an answer cut mid-record
  many.bad.test         1000 SRV records (TC over UDP, complete over TCP)
  loop.bad.test         SRV -> loop1; loop1 CNAME loop2; loop2 CNAME loop1
  ansi.bad.test         SRV target with an ANSI escape sequence in a label
  silent.bad.test       never answers
  wrongid.bad.test      answers with another message ID (must be ignored)
  oob.bad.test          SRV -> sip.oob.bad.test, whose A answer carries only a record
                        owned by another name (out of bailiwick, must be ignored)
  *slow.bad.test        every answer after SLOW_S (0.9 s: 0.9 x a --timeout of 1 s);
                        SRV -> sip1.slow.bad.test, a CNAME to sip1b.slow.bad.test given
                        without its address, so resolving takes three rounds
  (anything else)       NXDOMAIN

Standard library only. Serves UDP and TCP on one address and port, and,
with a third argument, UDP only on that port (TCP there is refused: a
truncated answer cannot be retried over TCP).
"""
import socket
import struct
import sys
import threading
import time

SRV, A, AAAA, CNAME, NAPTR = 33, 1, 28, 5, 35
SLOW_S = 0.9


def encode_name(name: bytes) -> bytes:
    out = b""
    for label in name.strip(b".").split(b"."):
        if label:
            out += bytes([len(label)]) + label
    return out + b"\0"


def parse_question(msg: bytes):
    pos, labels = 12, []
    while pos < len(msg) and msg[pos] != 0:
        n = msg[pos]
        labels.append(msg[pos + 1:pos + 1 + n])
        pos += 1 + n
    qtype, = struct.unpack(">H", msg[pos + 1:pos + 3])
    return b".".join(labels).lower(), qtype, msg[12:pos + 5]


def rr(name: bytes, rtype: int, ttl: int, rdata: bytes) -> bytes:
    return encode_name(name) + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata


def srv_rdata(prio, weight, port, target: bytes) -> bytes:
    return struct.pack(">HHH", prio, weight, port) + encode_name(target)


def site_of(name: bytes) -> bytes:
    """_sips._tcp.servfail.bad.test -> servfail.bad.test: service labels off."""
    labels = name.split(b".")
    while labels and labels[0].startswith(b"_"):
        labels = labels[1:]
    return b".".join(labels)


def delay_of(query: bytes) -> float:
    """How long to wait before answering QUERY (seconds)."""
    try:
        owner, _, _ = parse_question(query)
    except (IndexError, struct.error):
        return 0.0
    return SLOW_S if owner.endswith(b"slow.bad.test") else 0.0


def response(query: bytes, over_tcp: bool):
    """Return the bytes to send, or None for silence."""
    qid, = struct.unpack(">H", query[:2])
    owner, qtype, question = parse_question(query)
    name = site_of(owner)
    flags, rcode, answers, truncated = 0x8180, 0, [], False
    if name == b"servfail.bad.test":
        rcode = 2
    elif name == b"silent.bad.test":
        return None
    elif name == b"wrongid.bad.test":
        qid ^= 0xFFFF
        answers = [rr(owner, A, 60, bytes([127, 0, 0, 1]))]
    elif name == b"malformed.bad.test":
        bad = encode_name(owner) + struct.pack(">HHIH", SRV, 1, 60, 200) + b"\0\1\0\1"
        return struct.pack(">HHHHHH", qid, flags, 1, 1, 0, 0) + question + bad
    elif name == b"truncated.bad.test":
        whole = rr(owner, SRV, 60, srv_rdata(10, 0, 5061, b"sip.truncated.bad.test"))
        if not over_tcp:
            return struct.pack(">HHHHHH", qid, flags | 0x0200, 1, 0, 0, 0) + question
        return struct.pack(">HHHHHH", qid, flags, 1, 1, 0, 0) + question + whole[:-7]
    elif name == b"many.bad.test":
        answers = [rr(owner, SRV, 60, srv_rdata(10 + i % 5, i % 7, 5061, b"t%d.many.bad.test" % i))
                   for i in range(1000)]
        if not over_tcp:
            return struct.pack(">HHHHHH", qid, flags | 0x0200, 1, 0, 0, 0) + question
    elif name.startswith(b"t") and name.endswith(b".many.bad.test") and qtype == A:
        answers = [rr(name, A, 60, bytes([127, 0, 1, 1]))]
    elif name == b"loop.bad.test" and qtype == SRV:
        answers = [rr(owner, SRV, 60, srv_rdata(10, 0, 5061, b"loop1.bad.test"))]
    elif name in (b"loop1.bad.test", b"loop2.bad.test"):
        other = b"loop2.bad.test" if name == b"loop1.bad.test" else b"loop1.bad.test"
        answers = [rr(name, CNAME, 60, encode_name(other))]
    elif name == b"oob.bad.test" and qtype == SRV:
        answers = [rr(owner, SRV, 60, srv_rdata(10, 0, 5060, b"sip.oob.bad.test"))]
    elif name == b"sip.oob.bad.test" and qtype == A:
        answers = [rr(b"elsewhere.example", A, 60, bytes([127, 0, 0, 11]))]
    elif name == b"slow.bad.test" and qtype == SRV:
        answers = [rr(owner, SRV, 60, srv_rdata(10, 0, 5060, b"sip1.slow.bad.test"))]
    elif name == b"sip1.slow.bad.test" and qtype in (A, AAAA):
        answers = [rr(name, CNAME, 60, encode_name(b"sip1b.slow.bad.test"))]
    elif name == b"sip1b.slow.bad.test" and qtype == A:
        answers = [rr(name, A, 60, bytes([127, 0, 0, 11]))]
    elif name == b"ansi.bad.test" and qtype == SRV:
        answers = [rr(owner, SRV, 60, srv_rdata(10, 0, 5061, b"\x1b[31mred.bad.test"))]
    elif name.endswith(b"bad.test") and qtype in (A, AAAA, NAPTR, SRV):
        rcode = 0  # exists, no data
    else:
        rcode = 3
    header = struct.pack(">HHHHHH", qid, flags | rcode, 1, len(answers), 0, 0)
    return header + question + b"".join(answers)


def serve_udp(sock):
    while True:
        data, peer = sock.recvfrom(4096)
        try:
            out = response(data, over_tcp=False)
        except Exception:  # a malformed query gets no answer
            continue
        if out is None:
            continue
        delay = delay_of(data)
        if delay > 0:  # answer later without holding up the other questions
            threading.Timer(delay, sock.sendto, args=(out, peer)).start()
        else:
            sock.sendto(out, peer)


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def serve_tcp_client(conn):
    """Answer queries on one connection until the client closes it (c-ares
    sends several queries over one TCP connection)."""
    with conn:
        conn.settimeout(10)
        try:
            for _ in range(1000):  # bounded: at most 1000 queries per connection
                head = read_exact(conn, 2)
                if head is None:
                    return
                data = read_exact(conn, struct.unpack(">H", head)[0])
                if data is None:
                    return
                out = response(data, over_tcp=True)
                time.sleep(delay_of(data))
                if out is not None:
                    conn.sendall(struct.pack(">H", len(out)) + out)
        except (OSError, struct.error, IndexError):
            return


def serve_tcp(sock):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=serve_tcp_client, args=(conn,), daemon=True).start()


def main():
    addr, port = sys.argv[1], int(sys.argv[2])
    if not (addr.startswith("127.") or addr == "::1"):
        sys.exit("hostile_dns: refusing to listen on a non-loopback address")
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    udp = socket.socket(family, socket.SOCK_DGRAM)
    udp.bind((addr, port))
    tcp = socket.socket(family, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((addr, port))
    tcp.listen(16)
    threading.Thread(target=serve_tcp, args=(tcp,), daemon=True).start()
    if len(sys.argv) > 3:
        udp_only = socket.socket(family, socket.SOCK_DGRAM)
        udp_only.bind((addr, int(sys.argv[3])))
        threading.Thread(target=serve_udp, args=(udp_only,), daemon=True).start()
    print(f"hostile_dns: serving on {addr}:{port}", flush=True)
    serve_udp(udp)


if __name__ == "__main__":
    main()
