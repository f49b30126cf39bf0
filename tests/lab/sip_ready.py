#!/usr/bin/env python3
"""Wait until lab SIP peers answer: sip_ready.py SECONDS SPEC...

SPEC is KIND:ADDR:PORT with KIND one of
  udp     an OPTIONS over UDP gets any SIP response
  tls     a TLS handshake completes and an OPTIONS gets any SIP response
  listen  a TCP connection is accepted
Each spec is retried every 0.1 s until it succeeds or SECONDS have passed since
the start; exit 0 when all succeeded, 1 (naming the first that did not) when
not. One process for all checks, because starting python3 is the slow part.
"""
import socket
import ssl
import sys
import time


def options(kind, addr, port, local):
    return (f"OPTIONS sip:{addr}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/{kind.upper()} 127.0.0.1:{local};branch=z9hG4bK-ready-{local}\r\n"
            f"From: <sip:lab@lab.test>;tag=ready\r\nTo: <sip:{addr}>\r\n"
            f"Call-ID: ready-{kind}-{local}-{time.monotonic_ns()}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\n"
            "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n").encode()


def check(kind, addr, port, timeout):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    if kind == "udp":
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            s.settimeout(timeout)
            s.connect((addr, port))
            s.send(options(kind, addr, port, s.getsockname()[1]))
            return s.recv(65535).startswith(b"SIP/2.0 ")
    with socket.create_connection((addr, port), timeout=timeout) as raw:
        if kind == "listen":
            return True
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        with ctx.wrap_socket(raw) as s:
            s.sendall(options(kind, addr, port, s.getsockname()[1]))
            return s.recv(65535).startswith(b"SIP/2.0 ")


def main():
    deadline = time.monotonic() + float(sys.argv[1])
    for spec in sys.argv[2:]:
        kind, rest = spec.split(":", 1)
        addr, port = rest.rsplit(":", 1)
        addr = addr.strip("[]")
        while True:
            try:
                if check(kind, addr, int(port), 2.0):
                    break
            except (OSError, ssl.SSLError):
                pass
            if time.monotonic() > deadline:
                print(f"sip_ready: {spec} did not answer", file=sys.stderr)
                sys.exit(1)
            time.sleep(0.1)


if __name__ == "__main__":
    main()
