#!/usr/bin/env python3
"""Times one well-formed request to a gateway on loopback while IDLE client connections that never send a byte and
HALF connections that sent half a request head are open, against the same request with none open, in one round.
Usage: probe.py PORT IDLE HALF ROUNDS. Loopback only; every wait is bounded (60 s per request, 30 s per connect)."""
import socket
import sys
import time

HOST = "127.0.0.1"


def timed_request(port):
    """Milliseconds until a whole answer to GET /healthz came back, and its status line (or what went wrong)."""
    t0 = time.monotonic()
    try:
        with socket.create_connection((HOST, port), timeout=60) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        status = data.split(b"\r\n", 1)[0].decode("ascii", "replace")
    except OSError as e:
        status = "error: %s" % e
    return (time.monotonic() - t0) * 1000, status


def open_many(port, idle, half):
    socks = []
    for i in range(idle + half):
        try:
            s = socket.create_connection((HOST, port), timeout=30)
        except OSError as e:
            print("connection %d not opened: %s" % (i, e), file=sys.stderr)
            break
        if i >= idle:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
        socks.append(s)
    return socks


def main():
    port, idle, half, rounds = (int(a) for a in sys.argv[1:5])
    print("round | none open: ms | status | %d idle + %d half-open: ms | status" % (idle, half))
    for r in range(1, rounds + 1):
        base_ms, base_status = timed_request(port)
        socks = open_many(port, idle, half)
        time.sleep(0.5)  # let the server accept what it will (bench pacing, not a test)
        ms, status = timed_request(port)
        for s in socks:
            s.close()
        print("%d | %.0f | %s | %.0f | %s (%d opened)" % (r, base_ms, base_status, ms, status, len(socks)), flush=True)
        time.sleep(2)  # the server sees the closes before the next round


if __name__ == "__main__":
    main()
