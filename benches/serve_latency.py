#!/usr/bin/env python3
"""Save → visible latency of `planverk serve` on a generated site.

    serve_latency.py [--pages N] [--edits E] [--bin PATH] [--dir DIR]

Generates the corpus with gen_corpus.py (N pages, default 10000) unless it is there,
starts `planverk serve --timings` on it, then makes E edits (default 10) of each kind to
news pages:

  body   a new sentence at the top of the body;
  title  a new title (the section listing, the home page, topic and district pages, the
         feeds and the newsletters show it).

Each edit is timed from just before the file is written until the new text is served
over HTTP (GET polled every millisecond). Prints each time, then the median and the worst
per kind. The server's own log (one line per rebuild, stage timings) goes to
DIR/serve.log. Times are wall-clock on whatever else the machine is doing: run it when it
is quiet, and compare with a peer in the same run.
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_for(port, path, text, limit=60.0):
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            status, body = get(port, path)
            if status == 200 and text in body:
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.001)
    raise SystemExit(f"{path} did not show {text!r} within {limit} s")


def edit_body(text, token):
    front, body = text.split("\n---\n", 1)
    return f"{front}\n---\nForhåndsvist {token}.\n\n{body}"


def edit_title(text, token):
    return re.sub(r"^title: .*$", f"title: Nyhet {token}", text, count=1, flags=re.M)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--bin", help="the planverk binary (default: build it in release mode)")
    ap.add_argument("--dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "planverk-serve-bench"))
    args = ap.parse_args()

    binary = args.bin
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", os.path.join(REPO, "Cargo.toml")], check=True)
        binary = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "planverk")
    site = os.path.join(args.dir, f"site-{args.pages}")
    if not os.path.isdir(site):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), site, "--pages", str(args.pages)], check=True)
    news = sorted(f for f in os.listdir(os.path.join(site, "content", "aktuelt")) if f.startswith("nyhet-"))
    if len(news) < 2 * args.edits:
        raise SystemExit("the corpus has too few news pages")
    picks = [news[(i * 7919) % len(news)] for i in range(2 * args.edits)]

    log = open(os.path.join(args.dir, "serve.log"), "w")
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1798761600"))
    server = subprocess.Popen([binary, "serve", "--timings", "--port", "0", "--root", site], stdout=subprocess.PIPE, stderr=log, text=True, env=env)
    try:
        started = time.perf_counter()
        banner = server.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", banner).group(1))
        print(f"serve: first build and start in {time.perf_counter() - started:.1f} s, port {port}")
        results = {"body": [], "title": []}
        run = int(time.time())
        for i, name in enumerate(picks):
            kind = "body" if i < args.edits else "title"
            path = os.path.join(site, "content", "aktuelt", name)
            url = f"/aktuelt/{name[:-3]}/"
            with open(path, encoding="utf-8") as f:
                text = f.read()
            token = f"ord{run}x{i}"
            changed = edit_body(text, token) if kind == "body" else edit_title(text, token)
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(changed)
            t1 = wait_for(port, url, token)
            ms = (t1 - t0) * 1000
            results[kind].append(ms)
            print(f"{kind:5} edit {i % args.edits + 1:2}: {url} visible after {ms:7.1f} ms")
            time.sleep(0.3)
        print()
        for kind, times in results.items():
            print(f"{kind:5}: median {statistics.median(times):7.1f} ms, worst {max(times):7.1f} ms over {len(times)} edits ({args.pages} pages)")
    finally:
        server.terminate()
        server.wait()
        log.close()


if __name__ == "__main__":
    main()
