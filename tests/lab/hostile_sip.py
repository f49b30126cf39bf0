#!/usr/bin/env python3
"""Deliberately broken SIP peers for sipsurv's tests (loopback only).

Real SIP servers do not misbehave on purpose, so these do, one behaviour per
address, each on UDP 5060, TCP 5060 and TLS 5061 (the TLS certificate is the
lab's hostile.pem, valid for hostile.lab.test and *.hostile.lab.test):

  127.0.0.120  garbage       4 KB of binary junk (NUL, 0xff, ESC, ...) instead of a response
  127.0.0.121  endless-status "SIP/2.0 200 " and then bytes without a line end, forever
  127.0.0.122  big-header    a response with a 1 MB header (UDP: one 60 KB datagram)
  127.0.0.123  endless-body  Content-Length: 1000000000 and a body that never stops
  127.0.0.124  trickle       a valid 200, one byte a second (UDP: one byte per datagram)
  127.0.0.125  tls-reset     reads the ClientHello (or request), then resets the connection
  127.0.0.126  plain-on-tls  port 5061 speaks plain SIP, no TLS (5060 is plain too)
  127.0.0.127  tls-on-plain  TCP port 5060 speaks TLS (5061 is TLS too)
  127.0.0.128  black-hole    accepts TCP/TLS connections and UDP datagrams, never answers
  127.0.0.129  ansi          a 200 whose reason phrase, Server, User-Agent and Warning
                             carry control characters, ANSI escape sequences and Unicode
                             bidi and separator controls (U+202E, U+2066, U+2028, ...);
                             the certificate's subject carries some too (make-certs.sh)
  127.0.0.130  (nothing)     nothing listens: UDP gets ICMP port unreachable, TCP a RST
  127.0.0.131  tls-silent    completes the TLS handshake (TCP: accepts), never answers
  127.0.0.132  hang-up       accepts and ends the stream at once, a clean FIN (UDP: silent)
  127.0.0.133  bare-200      "SIP/2.0 200 OK" and no header at all
  127.0.0.134  foreign-first a 200 for another transaction (foreign Via branch), then the real 200
  127.0.0.135  wrong-method  a 200 whose CSeq method is INVITE, not the request's OPTIONS
  127.0.0.136  no-call-id    a 200 without a Call-ID header
  127.0.0.137  trying-only   100 Trying, then nothing
  127.0.0.138  lower-version "sip/2.0 200 OK", otherwise the request's answer (RFC 3261 7.1)
  127.0.0.139  no-ticket     an instant 200; TLS 1.3 without session tickets (num_tickets 0), so a
                             client's request after the handshake meets the peer's delayed ACK

"Forever" is bounded: every connection ends after k_connection_cap_s seconds or
k_stream_cap_bytes bytes, and at most k_max_connections are open at a time
(more are closed at once), so the peer itself can never run away.

Usage: hostile_sip.py CERT_DIR   (prints "hostile_sip: ready" once every socket
is bound; stops on SIGTERM). Standard library only.
"""
import os
import signal
import socket
import ssl
import struct
import sys
import threading
import time

k_sip_port = 5060
k_sips_port = 5061
k_connection_cap_s = 30.0
k_stream_cap_bytes = 200 * 1024 * 1024
k_max_connections = 256
k_read_timeout_s = 5.0
k_request_limit = 64 * 1024

GARBAGE = bytes((i * 37 + 11) % 256 for i in range(4096)) + b"\x00\xff\x1b[2J\x1b]0;x\x07"

# Control characters, ANSI sequences and bidi controls, but never CR or LF:
# the message must still frame correctly, so only the printing of the
# strings is hostile. RLO (U+202E) would show "txt.exe" as "exe.txt", U+2028
# starts a new line on some terminals.
ANSI_REASON = "OK \x1b[31mRED\x1b[0m\x07\x08 bell \u202etxt.exe\u202c\u2028next"
ANSI_SERVER = "evil\x1b]0;pwned\x07\x1b[2J\x1b[H server\x7f\x01 \u2066isolate\u2069\u061c\u2029"
ANSI_AGENT = "agent\x1b[5mblink\x1b[0m \u009b31m c1-csi \u200f\u202b"
ANSI_WARNING = '399 evil.hostile.lab.test "warn\x1b[41mRED\x1b[0m"'

slots = threading.BoundedSemaphore(k_max_connections)
stopping = threading.Event()


def log(*parts):
    print("hostile_sip:", *parts, flush=True)


def headers_of(request: bytes) -> dict:
    """The request's headers by lower-case name (first value wins), compact forms mapped."""
    compact = {"v": "via", "f": "from", "t": "to", "i": "call-id", "l": "content-length"}
    out = {}
    text = request.decode("utf-8", "replace")
    for line in text.split("\r\n")[1:]:
        if not line:
            break
        name, sep, value = line.partition(":")
        if not sep:
            continue
        key = name.strip().lower()
        key = compact.get(key, key)
        out.setdefault(key, value.strip())
    return out


def response(request: bytes, status: str = "200 OK", extra: str = "", body: bytes = b"",
             content_length=None, via=None, cseq=None, call_id=True, version="SIP/2.0") -> bytes:
    """A response that matches the request's transaction (Via, From, To, Call-ID, CSeq),
    unless VIA, CSEQ or CALL_ID say otherwise."""
    h = headers_of(request)
    to = h.get("to", "<sip:hostile.lab.test>")
    if ";tag=" not in to:
        to += ";tag=hostile"
    length = len(body) if content_length is None else content_length
    top_via = via if via is not None else h.get('via', 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKnone')
    call_id_line = f"Call-ID: {h.get('call-id', 'none')}\r\n" if call_id else ""
    head = (f"{version} {status}\r\n"
            f"Via: {top_via}\r\n"
            f"From: {h.get('from', '<sip:unknown@hostile.lab.test>;tag=x')}\r\n"
            f"To: {to}\r\n"
            f"{call_id_line}"
            f"CSeq: {cseq if cseq is not None else h.get('cseq', '1 OPTIONS')}\r\n"
            f"{extra}"
            f"Content-Length: {length}\r\n\r\n")
    return head.encode("utf-8") + body


def read_request(conn) -> bytes:
    """Read up to the end of a request's headers; bounded in size and time."""
    conn.settimeout(k_read_timeout_s)
    data = b""
    deadline = time.monotonic() + k_read_timeout_s
    while b"\r\n\r\n" not in data and len(data) < k_request_limit and time.monotonic() < deadline:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
        if not data[:1].isalpha():
            break  # not SIP (a TLS ClientHello, say): answer now, as a real server would
    return data


def stream(conn, first: bytes, filler: bytes):
    """Send FIRST, then FILLER again and again until the caps or the peer hangs up."""
    sent = 0
    deadline = time.monotonic() + k_connection_cap_s
    conn.settimeout(k_read_timeout_s)
    conn.sendall(first)
    while sent < k_stream_cap_bytes and time.monotonic() < deadline and not stopping.is_set():
        conn.sendall(filler)
        sent += len(filler)


def hold(conn):
    """Read and drop whatever arrives, answer nothing, until the cap or the peer hangs up."""
    deadline = time.monotonic() + k_connection_cap_s
    conn.settimeout(1.0)
    while time.monotonic() < deadline and not stopping.is_set():
        try:
            if not conn.recv(4096):
                return
        except socket.timeout:
            continue


def reset(conn):
    """Close with a TCP RST instead of a FIN (SO_LINGER on, zero seconds)."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


# --- behaviours over a stream (TCP or TLS, after any handshake) ----------------

def stream_garbage(conn):
    read_request(conn)
    conn.sendall(GARBAGE)


def stream_endless_status(conn):
    read_request(conn)
    stream(conn, b"SIP/2.0 200 ", b"A" * 65536)


def stream_big_header(conn):
    req = read_request(conn)
    conn.sendall(response(req, extra="X-Padding: " + "x" * (1024 * 1024) + "\r\n"))
    hold(conn)


def stream_endless_body(conn):
    req = read_request(conn)
    stream(conn, response(req, content_length=1000000000), b"B" * 65536)


def stream_trickle(conn):
    msg = response(read_request(conn), extra="Server: hostile trickle\r\n")
    for i in range(len(msg)):
        if stopping.wait(1.0):
            return
        conn.sendall(msg[i:i + 1])


def stream_ok(conn):
    conn.sendall(response(read_request(conn), extra="Server: hostile plain\r\n"))
    hold(conn)


def stream_ansi(conn):
    req = read_request(conn)
    conn.sendall(response(req, status="200 " + ANSI_REASON, extra=ansi_headers()))
    hold(conn)


def ansi_headers() -> str:
    return f"Server: {ANSI_SERVER}\r\nUser-Agent: {ANSI_AGENT}\r\nWarning: {ANSI_WARNING}\r\n"


def stream_reset(conn):
    conn.settimeout(k_read_timeout_s)
    conn.recv(4096)  # the ClientHello, or the first bytes of a plain request
    reset(conn)


def stream_hang_up(conn):
    """A clean end of stream (FIN) before any answer; what the client sends is drained."""
    conn.shutdown(socket.SHUT_WR)
    conn.settimeout(1.0)
    while conn.recv(4096):
        pass


BARE_200 = b"SIP/2.0 200 OK\r\n\r\n"


def foreign_via(request: bytes) -> str:
    """The request's Via with another branch: the answer to another transaction."""
    via = headers_of(request).get("via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKnone")
    return via.replace("branch=z9hG4bK", "branch=z9hG4bKforeign", 1)


def foreign_then_real(request: bytes) -> bytes:
    return response(request, via=foreign_via(request)) + response(request, extra="Server: hostile real\r\n")


def stream_reply(make):
    """Over a stream: read the request, send MAKE(request), then hold the connection."""
    def run(conn):
        conn.sendall(make(read_request(conn)))
        hold(conn)
    return run


def stream_trying_only(conn):
    conn.sendall(response(read_request(conn), status="100 Trying"))
    hold(conn)


# --- behaviours over UDP: handler(sock, data, addr) ----------------------------

def udp_reply(make):
    return lambda sock, data, addr: sock.sendto(make(data), addr)


def udp_trickle(sock, data, addr):
    msg = response(data, extra="Server: hostile trickle\r\n")

    def run():
        for i in range(min(len(msg), 40)):
            if stopping.wait(1.0):
                return
            sock.sendto(msg[i:i + 1], addr)
    threading.Thread(target=run, daemon=True).start()


def udp_silent(sock, data, addr):
    pass


def udp_foreign_then_real(sock, data, addr):
    sock.sendto(response(data, via=foreign_via(data)), addr)
    sock.sendto(response(data, extra="Server: hostile real\r\n"), addr)


# name, address, udp handler, tcp 5060 (tls?, handler), tls 5061 (tls?, handler)
PEERS = [
    ("garbage", "127.0.0.120", udp_reply(lambda d: GARBAGE),
     (False, stream_garbage), (True, stream_garbage)),
    ("endless-status", "127.0.0.121", udp_reply(lambda d: b"SIP/2.0 200 " + b"A" * 60000),
     (False, stream_endless_status), (True, stream_endless_status)),
    ("big-header", "127.0.0.122",
     udp_reply(lambda d: response(d, extra="X-Padding: " + "x" * 60000 + "\r\n")),
     (False, stream_big_header), (True, stream_big_header)),
    ("endless-body", "127.0.0.123",
     udp_reply(lambda d: response(d, content_length=1000000000, body=b"B" * 1000)),
     (False, stream_endless_body), (True, stream_endless_body)),
    ("trickle", "127.0.0.124", udp_trickle, (False, stream_trickle), (True, stream_trickle)),
    ("tls-reset", "127.0.0.125", None, (False, stream_reset), (False, stream_reset)),
    ("plain-on-tls", "127.0.0.126", udp_reply(lambda d: response(d, extra="Server: hostile plain\r\n")),
     (False, stream_ok), (False, stream_ok)),
    ("tls-on-plain", "127.0.0.127", udp_reply(lambda d: response(d, extra="Server: hostile plain\r\n")),
     (True, stream_ok), (True, stream_ok)),
    ("black-hole", "127.0.0.128", udp_silent, (False, hold), (False, hold)),
    ("ansi", "127.0.0.129", udp_reply(lambda d: response(d, status="200 " + ANSI_REASON,
                                                         extra=ansi_headers())),
     (False, stream_ansi), (True, stream_ansi)),
    ("tls-silent", "127.0.0.131", udp_silent, (False, hold), (True, hold)),
    ("hang-up", "127.0.0.132", udp_silent, (False, stream_hang_up), (False, stream_hang_up)),
    ("bare-200", "127.0.0.133", udp_reply(lambda d: BARE_200),
     (False, stream_reply(lambda d: BARE_200)), (True, stream_reply(lambda d: BARE_200))),
    ("foreign-first", "127.0.0.134", udp_foreign_then_real,
     (False, stream_reply(foreign_then_real)), (True, stream_reply(foreign_then_real))),
    ("wrong-method", "127.0.0.135", udp_reply(lambda d: response(d, cseq="1 INVITE")),
     (False, stream_reply(lambda d: response(d, cseq="1 INVITE"))),
     (True, stream_reply(lambda d: response(d, cseq="1 INVITE")))),
    ("no-call-id", "127.0.0.136", udp_reply(lambda d: response(d, call_id=False)),
     (False, stream_reply(lambda d: response(d, call_id=False))),
     (True, stream_reply(lambda d: response(d, call_id=False)))),
    ("trying-only", "127.0.0.137", udp_reply(lambda d: response(d, status="100 Trying")),
     (False, stream_trying_only), (True, stream_trying_only)),
    ("lower-version", "127.0.0.138", udp_reply(lambda d: response(d, version="sip/2.0")),
     (False, stream_reply(lambda d: response(d, version="sip/2.0"))),
     (True, stream_reply(lambda d: response(d, version="sip/2.0")))),
    ("no-ticket", "127.0.0.139", udp_reply(lambda d: response(d, extra="Server: hostile no-ticket\r\n")),
     (False, stream_ok), ("no-ticket", stream_ok)),
]


def serve_connection(name, conn, tls_ctx, handler):
    try:
        if tls_ctx is not None:
            conn.settimeout(k_read_timeout_s)
            conn = tls_ctx.wrap_socket(conn, server_side=True)
        handler(conn)
    except (OSError, ssl.SSLError, ValueError):
        pass  # the client hung up or failed the handshake: both expected here
    finally:
        try:
            conn.close()
        except OSError:
            pass
        slots.release()


def accept_loop(name, listener, tls_ctx, handler):
    while not stopping.is_set():
        try:
            conn, _ = listener.accept()
        except OSError:
            continue
        if not slots.acquire(blocking=False):
            conn.close()  # too many open: refuse rather than grow
            continue
        threading.Thread(target=serve_connection, args=(name, conn, tls_ctx, handler),
                         daemon=True).start()


def udp_loop(name, sock, handler):
    while not stopping.is_set():
        try:
            data, addr = sock.recvfrom(65535)
            handler(sock, data, addr)
        except OSError:
            continue


def main():
    if len(sys.argv) != 2:
        print("usage: hostile_sip.py CERT_DIR", file=sys.stderr)
        sys.exit(64)
    certs = sys.argv[1]
    tls_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls_ctx.load_cert_chain(os.path.join(certs, "hostile.pem"), os.path.join(certs, "hostile.key"))
    # TLS 1.3 without session tickets: after the handshake the server sends
    # nothing until the request, so a client that leaves Nagle on waits for
    # this side's delayed ACK (about 40 ms) before its request leaves.
    no_ticket_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    no_ticket_ctx.load_cert_chain(os.path.join(certs, "hostile.pem"), os.path.join(certs, "hostile.key"))
    no_ticket_ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    no_ticket_ctx.num_tickets = 0
    no_ticket_ctx.options |= ssl.OP_NO_TICKET
    contexts = {True: tls_ctx, "no-ticket": no_ticket_ctx}

    threads = []
    for name, addr, udp, tcp, tls in PEERS:
        if udp is not None:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((addr, k_sip_port))
            s.settimeout(1.0)
            threads.append(threading.Thread(target=udp_loop, args=(name, s, udp), daemon=True))
        for port, (use_tls, handler) in ((k_sip_port, tcp), (k_sips_port, tls)):
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((addr, port))
            listener.listen(128)
            listener.settimeout(1.0)
            threads.append(threading.Thread(
                target=accept_loop, args=(name, listener, contexts.get(use_tls), handler),
                daemon=True))
    for t in threads:
        t.start()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    log("ready")
    while not stopping.wait(1.0):
        pass


if __name__ == "__main__":
    main()
