#!/usr/bin/env bash
# Search benchmark: for the example site and generated sites of N pages (default 10000 50000):
# the static index's build time (from `build --timings`) and size, the tantivy index's build
# time (the first `planverk search`) and size, and the bytes the browser client fetches for
# five one-word and two two-word queries (the client run under node with a counting loader).
#
#   benches/search.sh [N...]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/planverk-search-bench}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1798761600}"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 50000)

cargo build --release --quiet --manifest-path "$REPO/Cargo.toml"
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/planverk"
mkdir -p "$WORK"

ms() { python3 -c 'import time; print(int(time.time()*1000))'; }

# bench NAME ROOT QUERY...: prints one block of figures.
bench() {
    local name="$1" root="$2"; shift 2
    local out="$WORK/$name-out"
    rm -rf "$root/.planverk" "$out"
    local timings
    timings=$("$BIN" build --root "$root" --output "$out" --timings 2>&1 >/dev/null | grep -E "search|total" || true)
    local t0 t1
    t0=$(ms); "$BIN" search --root "$root" --limit 1 "${1}" >/dev/null; t1=$(ms)
    echo "== $name: $(find "$root/content" -name '*.md' | wc -l) content files"
    echo "$timings" | sed 's/^/   /'
    echo "   static index on disk: $(du -sk "$out/sok/index" | cut -f1) KB in $(find "$out/sok/index" -type f | wc -l) files"
    echo "   tantivy index: built in $((t1 - t0)) ms (first search, load included); $(du -sk "$root/.planverk/search" | cut -f1) KB on disk"
    node "$REPO/tests/browser/search-node.mjs" bytes "$out" "$@" | python3 -c '
import json, statistics, sys
rows = json.load(sys.stdin)
for r in rows:
    q, b, n, k = r["query"], r["bytes"], r["files"], r["results"]
    print(f"   {q!r:28} {b/1000:7.1f} KB in {n} files, {k} results")
one = [r["bytes"] for r in rows if " " not in r["query"]]
two = [r["bytes"] for r in rows if " " in r["query"]]
print(f"   one word: median {statistics.median(one)/1000:.1f} KB, max {max(one)/1000:.1f} KB; two words: median {statistics.median(two)/1000:.1f} KB, max {max(two)/1000:.1f} KB")'
}

bench example "$REPO" forebygging samtale nalokson frogner kjentmann "barn unge" "psykisk helse"
for n in "${SIZES[@]}"; do
    python3 "$HERE/gen_corpus.py" "$WORK/site-$n" --pages "$n" >/dev/null
    bench "generated-$n" "$WORK/site-$n" forebygging samarbeid kartlegging oppfolging helse "tverrfaglig samarbeid" "ungdom skole"
done
