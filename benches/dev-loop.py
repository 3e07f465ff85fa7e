#!/usr/bin/env python3
"""The edit-to-browser loop of `hyperox dev` on the starter app.

For each kind of change (a Rust handler edit, a CSS-only class edit, a
`public/` asset edit), EDITS saves, each timed from the write until the
changed content is served and the live-reload stream has delivered its
event; then the same Rust edits through a plain `cargo build` + restart
loop (what cargo-watch does), as the base of the ratio. Also `hyperox new`
to the first 200 (warm: dependencies already built; COLD=1 adds a run
with an empty target folder). Every request is counted; a refused or
failed one is a connection error.

    bash benches/dev-loop.sh            # EDITS=20 by default
"""
import os, socket, statistics, subprocess, sys, tempfile, threading, time, queue, shutil, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HYPEROX = os.path.join(ROOT, "target", "debug", "hyperox")
EDITS = int(os.environ.get("EDITS", "20"))
# PROFILE=default drops the starter's [profile] settings (cargo's own dev
# profile), PROFILE=optimized-deps adds opt-level 1 for dependencies, to
# compare; each profile builds into a target folder of its own.
PROFILE = os.environ.get("PROFILE", "starter")
TARGET = os.path.join(ROOT, "target", "dev-loop" if PROFILE == "starter" else f"dev-loop-{PROFILE}")
ENV = dict(os.environ, CARGO_TARGET_DIR=TARGET, CARGO_NET_OFFLINE="true")
errors = 0

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def get(port, path):
    global errors
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except Exception:
        errors += 1
        return None, ""

def stream(port):
    """Events of the live-reload stream, as (name, data, time) on a queue."""
    q = queue.Queue()
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /_hyperox/livereload HTTP/1.1\r\nHost: localhost\r\n\r\n")
    def read():
        name, data, buf = "message", "", b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                line = line.decode("utf-8", "replace").rstrip("\r")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data += line[6:] + "\n"
                elif line == "" and data:
                    q.put((name, data, time.perf_counter()))
                    name, data = "message", ""
    threading.Thread(target=read, daemon=True).start()
    return q

def wait_event(q, name, timeout=120):
    end = time.perf_counter() + timeout
    while True:
        n, d, t = q.get(timeout=max(0.01, end - time.perf_counter()))
        if n == name:
            return t

def until(port, path, needle, timeout=120):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        status, body = get(port, path)
        if status == 200 and needle in body:
            return time.perf_counter()
        time.sleep(0.005)
    raise SystemExit(f"{path} never served {needle!r}")

def replace(path, old, new):
    text = open(path).read()
    assert old in text, (path, old)
    with open(path, "w") as f:
        f.write(text.replace(old, new, 1))

def stats(xs):
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
    return statistics.median(xs), p95

def new_app(dir, name):
    app = os.path.join(dir, name)
    subprocess.run([HYPEROX, "new", name, "--path", app], check=True, env=ENV, stdout=subprocess.DEVNULL)
    manifest = os.path.join(app, "Cargo.toml")
    text = open(manifest).read()
    if PROFILE == "default":
        text = text.split("[profile.dev]")[0]
    elif PROFILE == "optimized-deps":
        text += "opt-level = 1\n"
    with open(manifest, "w") as f:
        f.write(text)
    return app

def first_200(app, label):
    port = free_port()
    start = time.perf_counter()
    dev = subprocess.Popen([HYPEROX, "dev", "--path", app, "--port", str(port)], env=ENV,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=600) as r:
                if r.status == 200:
                    break
        except Exception:
            time.sleep(0.05)
    took = time.perf_counter() - start
    print(f"  new -> first 200, {label}: {took:6.2f} s")
    return dev, port, took

def main():
    subprocess.run(["cargo", "build", "-q", "-p", "hyperox-cli"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp()
    results = {}
    print(f"dev loop on the starter ({PROFILE} dev profile), {EDITS} edits per kind")
    if os.environ.get("COLD") == "1":
        shutil.rmtree(TARGET, ignore_errors=True)
        dev, _, _ = first_200(new_app(work, "cold"), "cold (empty target)")
        dev.send_signal(2); dev.wait()
    app = new_app(work, "warm")
    dev, port, _ = first_200(app, "warm (dependencies built)")
    q = stream(port)
    wait_event(q, "message", 10)
    index = os.path.join(app, "src", "pages", "index.rs")
    marker = "Welcome to warm"

    # A Rust handler edit: the new text served, and the reload delivered.
    times = []
    for i in range(EDITS):
        new = f"Welcome, edit {i}"
        t0 = time.perf_counter()
        replace(index, marker, new)
        marker = new
        t_reload = wait_event(q, "reload")
        t_body = until(port, "/", new)
        times.append(max(t_reload, t_body) - t0)
    results["rust edit (hyperox dev)"] = times

    # A CSS-only class edit: the stylesheet with the new rule, and the css
    # event, before any rebuild.
    times = []
    for i in range(EDITS):
        cls = f"mt-[{i + 101}px]"
        old = 'class("mb-6 text-slate-600'
        t0 = time.perf_counter()
        replace(index, old, f'class("mb-6 {cls} text-slate-600')
        t_css = wait_event(q, "css", 30)
        t_sheet = until(port, "/assets/styles.css", f"{i + 101}px")
        times.append(max(t_css, t_sheet) - t0)
        wait_event(q, "reload")  # the rebuild for the edit finishes before the next
        replace(index, f'class("mb-6 {cls} text-slate-600', old)
        wait_event(q, "reload")
    results["css class edit (hyperox dev)"] = times

    # A public asset edited in place: reload, and the new file served.
    times = []
    icon = os.path.join(app, "public", "favicon.svg")
    original = open(icon).read()
    for i in range(EDITS):
        t0 = time.perf_counter()
        with open(icon, "w") as f:
            f.write(original.replace("#4f46e5", f"#4f46{i:02x}"))
        t_reload = wait_event(q, "reload", 30)
        t_body = until(port, "/assets/favicon.svg", f"#4f46{i:02x}")
        times.append(max(t_reload, t_body) - t0)
    results["public asset edit (hyperox dev)"] = times
    errors_dev = errors
    dev.send_signal(2)
    dev.wait()

    # The base: cargo build, then restart, after each save.
    subprocess.run(["cargo", "build", "-q"], cwd=app, env=ENV, check=True)
    exe = os.path.join(TARGET, "debug", "warm")
    port = free_port()
    env = dict(ENV, PORT=str(port), HYPEROX_ENV="development")
    server = subprocess.Popen([exe], cwd=app, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    until(port, "/", marker)
    times = []
    for i in range(EDITS):
        new = f"Plain loop, edit {i}"
        t0 = time.perf_counter()
        replace(index, marker, new)
        marker = new
        subprocess.run(["cargo", "build", "-q"], cwd=app, env=ENV, check=True)
        server.terminate(); server.wait()
        server = subprocess.Popen([exe], cwd=app, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t_body = until(port, "/", new)
        times.append(t_body - t0)
    server.terminate(); server.wait()
    results["rust edit (cargo build + restart)"] = times

    print(f"  {'change':<36} {'median':>8} {'p95':>8}")
    for k, v in results.items():
        m, p = stats(v)
        print(f"  {k:<36} {m:7.3f}s {p:7.3f}s")
    rm, rp = stats(results["rust edit (hyperox dev)"])
    bm, bp = stats(results["rust edit (cargo build + restart)"])
    print(f"  rust edit, hyperox dev / plain loop: median {rm / bm:.2f}x, p95 {rp / bp:.2f}x")
    print("  targets: rust median <= 1.5 s, p95 <= 2.5 s; css and asset p95 <= 0.2 s")
    print(f"  connection errors under hyperox dev: {errors_dev}")
    print("  (the plain loop's refused connections while it restarts are expected and not counted)")
    shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
