#!/usr/bin/env python3
"""Many small SIP servers on loopback for bench/run.sh (asyncio, standard library).

Every address FIRST, FIRST+1, ... (COUNT of them, in 127.0.0.0/8 only) answers
OPTIONS with 200 after DELAY_MS on UDP 5060, TCP 5060 and TLS 5061. The TLS
certificate of address A is CERT_DIR/A.pem with key CERT_DIR/A.key when they
exist (one certificate per server, as on a real site), else CERT_DIR/default.pem
and default.key.
--hole ADDR adds a black hole: it accepts TCP/TLS connections and UDP
datagrams and never answers. --udp-only serves UDP 5060 alone (thousands of
addresses start faster). --workers K splits the addresses over K processes
(default: one per CPU this process may run on), so that the peer's TLS
handshakes are spread over every core and, on a machine with more cores than
the prober uses, the TLS rows measure the prober and not the peer.
Prints "bench-peer: ready" once every socket of every worker is bound; stops
on SIGTERM or after --lifetime seconds.
"""
import argparse
import asyncio
import ipaddress
import multiprocessing
import os
import signal
import ssl
import sys
import time

k_request_limit = 64 * 1024
k_connection_cap_s = 30.0


def headers_of(request: bytes) -> dict:
    compact = {"v": "via", "f": "from", "t": "to", "i": "call-id"}
    out = {}
    for line in request.decode("utf-8", "replace").split("\r\n")[1:]:
        if not line:
            break
        name, sep, value = line.partition(":")
        if sep:
            key = name.strip().lower()
            out.setdefault(compact.get(key, key), value.strip())
    return out


def ok_response(request: bytes) -> bytes:
    h = headers_of(request)
    to = h.get("to", "<sip:bench>")
    if ";tag=" not in to:
        to += ";tag=bench"
    return (f"SIP/2.0 200 OK\r\nVia: {h.get('via', '')}\r\nFrom: {h.get('from', '')}\r\n"
            f"To: {to}\r\nCall-ID: {h.get('call-id', '')}\r\nCSeq: {h.get('cseq', '1 OPTIONS')}\r\n"
            "Server: sipsurv bench peer\r\nContent-Length: 0\r\n\r\n").encode()


class Udp(asyncio.DatagramProtocol):
    def __init__(self, delay, silent):
        self.delay, self.silent, self.transport = delay, silent, None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        if not self.silent:
            asyncio.get_running_loop().call_later(self.delay, self.transport.sendto, ok_response(data), addr)


def stream_handler(delay, silent):
    async def handle(reader, writer):
        deadline = time.monotonic() + k_connection_cap_s
        try:
            while time.monotonic() < deadline:
                request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), k_connection_cap_s)
                if len(request) > k_request_limit:
                    break
                if silent:
                    continue
                await asyncio.sleep(delay)
                writer.write(ok_response(request))
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError,
                ConnectionError, ssl.SSLError, OSError):
            pass
        finally:
            writer.close()
    return handle


def tls_context(cert_dir, addr, cache):
    stem = addr if os.path.exists(os.path.join(cert_dir, addr + ".pem")) else "default"
    if stem not in cache:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(cert_dir, stem + ".pem"), os.path.join(cert_dir, stem + ".key"))
        cache[stem] = ctx
    return cache[stem]


async def serve(addresses, delay, hole, cert_dir, udp_only, ready):
    loop = asyncio.get_running_loop()
    contexts = {}
    for addr in addresses:
        silent = addr == hole
        await loop.create_datagram_endpoint(lambda s=silent: Udp(delay, s), local_addr=(addr, 5060))
        if udp_only:
            continue
        tls_ctx = tls_context(cert_dir, addr, contexts)
        await asyncio.start_server(stream_handler(delay, silent), addr, 5060, backlog=512)
        await asyncio.start_server(stream_handler(delay, silent), addr, 5061, ssl=tls_ctx, backlog=512,
                                   ssl_handshake_timeout=10)
    ready.put(len(addresses))
    await asyncio.Event().wait()


def worker(addresses, delay, hole, cert_dir, udp_only, ready):
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    asyncio.run(serve(addresses, delay, hole, cert_dir, udp_only, ready))


def usable_cpus():
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--first", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--delay-ms", type=float, default=0)
    p.add_argument("--hole")
    p.add_argument("--cert-dir", required=True)
    p.add_argument("--udp-only", action="store_true")
    p.add_argument("--workers", type=int, default=usable_cpus())
    p.add_argument("--lifetime", type=float, default=900)
    a = p.parse_args()
    if not 1 <= a.workers <= 256:
        sys.exit("bench-peer: --workers must be 1..256")
    first = ipaddress.IPv4Address(a.first)
    addresses = [str(first + i) for i in range(a.count)]
    if a.hole:
        addresses.append(a.hole)
    for addr in addresses:
        if not ipaddress.IPv4Address(addr).is_loopback:
            sys.exit(f"bench-peer: {addr} is not a loopback address")
    ready = multiprocessing.Queue()
    procs = []
    workers = min(a.workers, len(addresses))
    for w in range(workers):
        share = addresses[w::workers]
        proc = multiprocessing.Process(target=worker,
                                       args=(share, a.delay_ms / 1000.0, a.hole, a.cert_dir, a.udp_only, ready),
                                       daemon=True)
        proc.start()
        procs.append(proc)

    def stop(*_):
        for proc in procs:
            proc.terminate()
        sys.exit(0)
    signal.signal(signal.SIGTERM, stop)
    for _ in procs:
        ready.get(timeout=120)
    # The worker pids let bench/run.sh read the peers' own CPU time.
    print("bench-peer: workers " + " ".join(str(proc.pid) for proc in procs), flush=True)
    print("bench-peer: ready", flush=True)
    deadline = time.monotonic() + a.lifetime
    while time.monotonic() < deadline and all(proc.is_alive() for proc in procs):
        time.sleep(0.5)
    stop()


if __name__ == "__main__":
    main()
