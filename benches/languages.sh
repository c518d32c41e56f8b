#!/usr/bin/env bash
# A site in one language against the same site with every page also in nynorsk (twice the
# pages, two language versions), built alternately in one run: the issue asks for at most
# 2.1 times the one-language build.
#
#   benches/languages.sh [N] [RUNS]      # defaults: 10000 pages, 5 runs
#
# Each build starts from an empty output folder (no snapshot to pick up). Prints the median
# wall and CPU time of each and their ratio. On a shared machine compare the ratio, which
# comes from builds made in turn, not the absolute times across runs.
set -euo pipefail

N="${1:-10000}"
RUNS="${2:-5}"
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
WORK="${BENCH_DIR:-/dev/shm/planverk-lang-bench}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1798761600}"
mkdir -p "$WORK"

if [[ ! -x /usr/bin/time ]]; then
    apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
cargo build --release --quiet --manifest-path "$REPO/Cargo.toml"
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/planverk"

python3 "$HERE/gen_corpus.py" "$WORK/one" --pages "$N" >/dev/null
python3 "$HERE/gen_corpus.py" "$WORK/two" --pages "$N" --nynorsk >/dev/null

: >"$WORK/one.txt"
: >"$WORK/two.txt"
for _ in $(seq "$RUNS"); do
    for site in one two; do
        rm -rf "$WORK/$site/public" "$WORK/$site"/.public.planverk-*
        /usr/bin/time -f "%e %U %S" -o "$WORK/time.out" "$BIN" build --root "$WORK/$site" >/dev/null 2>"$WORK/$site.err" || {
            tail -5 "$WORK/$site.err" >&2
            exit 1
        }
        cat "$WORK/time.out" >>"$WORK/$site.txt"
    done
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall_one=$(awk '{print $1}' "$WORK/one.txt" | median)
wall_two=$(awk '{print $1}' "$WORK/two.txt" | median)
cpu_one=$(awk '{print $2+$3}' "$WORK/one.txt" | median)
cpu_two=$(awk '{print $2+$3}' "$WORK/two.txt" | median)
pages_two=$(find "$WORK/two/content" -name '*.md' | wc -l)
echo "$N pages, nb only:          wall ${wall_one} s, cpu ${cpu_one} s (median of $RUNS)"
echo "$pages_two pages, nb + nn:  wall ${wall_two} s, cpu ${cpu_two} s"
awk -v a="$wall_one" -v b="$wall_two" -v c="$cpu_one" -v d="$cpu_two" 'BEGIN {printf "ratio: wall %.2f, cpu %.2f (at most 2.1 asked)\n", b / a, d / c}'
