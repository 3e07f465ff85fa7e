#!/usr/bin/env python3
"""Restarts a hyperox app without refusing a connection: a small
supervisor that holds the listening socket and passes it to the app as
systemd's socket activation does (descriptor 3, LISTEN_FDS=1).

    python3 scripts/handoff.py 127.0.0.1:3000 -- ./target/release/my-app

SIGHUP starts a new process on the same socket, waits until it says it
is listening, then sends SIGTERM to the old one, which stops taking
connections, finishes the requests in flight, closes its websockets with
1012 and ends its event streams (clients reconnect, to the new process),
and exits. A new process that exits before it listens (a broken build)
leaves the old one serving. SIGTERM or SIGINT stops the app and the
supervisor. Connections that arrive meanwhile wait in the socket's
queue: none is refused.

Under systemd, a .socket unit does the same (see the starter's
deploy/ folder); this script is for a machine without it, and for the
tests.
"""
import os
import signal
import socket
import subprocess
import sys
import threading
import time

READY = "hyperox: listening on"


def listen(address):
    host, port = address.rsplit(":", 1)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host.strip("[]"), int(port)))
    sock.listen(1024)
    # Descriptor 3, where socket activation puts it.
    if sock.fileno() != 3:
        os.dup2(sock.fileno(), 3, inheritable=True)
        sock.close()
    else:
        # Kept open past this function: the socket object lets go of it.
        sock.detach()
        os.set_inheritable(3, True)


def start(command):
    """Starts the app on descriptor 3; the process once it listens, or
    None when it exits first (its output is passed on either way)."""
    env = dict(os.environ, LISTEN_FDS="1")
    env.pop("LISTEN_PID", None)
    child = subprocess.Popen(
        command, env=env, pass_fds=(3,), stderr=subprocess.PIPE, text=True, bufsize=1
    )
    ready = threading.Event()

    def relay():
        for line in child.stderr:
            sys.stderr.write(line)
            sys.stderr.flush()
            if READY in line:
                ready.set()

    threading.Thread(target=relay, daemon=True).start()
    deadline = time.monotonic() + 60
    while not ready.is_set():
        if child.poll() is not None or time.monotonic() > deadline:
            if child.poll() is None:
                child.kill()
            child.wait()
            return None
        ready.wait(0.05)
    return child


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: handoff.py HOST:PORT -- COMMAND [ARGS...]")
    listen(sys.argv[1])
    command = sys.argv[3:]
    current = start(command)
    if current is None:
        sys.exit("handoff: the app did not start")
    print(f"handoff: serving with pid {current.pid}", file=sys.stderr, flush=True)
    hups = []
    stop = threading.Event()
    signal.signal(signal.SIGHUP, lambda *_: hups.append(1))
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    draining = []
    while not stop.is_set():
        draining = [p for p in draining if p.poll() is None]
        if current.poll() is not None:
            sys.exit(f"handoff: the app exited ({current.returncode})")
        if hups:
            hups.clear()
            new = start(command)
            if new is None:
                print("handoff: the new process did not start; the old one goes on",
                      file=sys.stderr, flush=True)
                continue
            current.send_signal(signal.SIGTERM)
            draining.append(current)
            current = new
            print(f"handoff: serving with pid {current.pid}", file=sys.stderr, flush=True)
        stop.wait(0.05)
    for p in draining + [current]:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in draining + [current]:
        p.wait()


if __name__ == "__main__":
    main()
