#!/usr/bin/env bash
# Times `planverk build` on a generated site of N pages (default 10000).
#
#   benches/run.sh [N] [RUNS]
#
# Builds planverk in release mode, generates the corpus with gen_corpus.py, checks that
# it builds, then times RUNS builds (default 5) with hyperfine when installed, else with
# a loop, and prints the median. With BENCH_HUGO=1 and `hugo` on the PATH, it times Hugo
# on the same pages too and prints the ratio.
set -euo pipefail

N="${1:-10000}"
RUNS="${2:-5}"
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/planverk-bench}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1798761600}"

echo "== building planverk (release)"
cargo build --release --quiet --manifest-path "$REPO/Cargo.toml"
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/planverk"

echo "== generating $N pages in $WORK/site"
python3 "$HERE/gen_corpus.py" "$WORK/site" --pages "$N"
"$BIN" build --root "$WORK/site" >/dev/null

# Prints the median of the numbers (milliseconds) given as arguments.
median() {
    printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# time_cmd NAME COMMAND: sets MEDIAN_MS to the median wall time of RUNS runs.
time_cmd() {
    local name="$1" cmd="$2"
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/$name.json" "$cmd" >&2
        MEDIAN_MS=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$WORK/$name.json")
    else
        local times=() i start end
        eval "$cmd" >/dev/null 2>&1
        for ((i = 0; i < RUNS; i++)); do
            start=$(date +%s%N)
            eval "$cmd" >/dev/null 2>&1
            end=$(date +%s%N)
            times+=($(((end - start) / 1000000)))
        done
        echo "$name runs (ms): ${times[*]}" >&2
        MEDIAN_MS=$(median "${times[@]}")
    fi
}

echo "== timing planverk build ($RUNS runs)"
time_cmd planverk "'$BIN' build --root '$WORK/site'"
PLANVERK_MS=$MEDIAN_MS
FILES=$(find "$WORK/site/public" -type f | wc -l)
echo "planverk: $N pages, $FILES files, median ${PLANVERK_MS} ms"

if [[ "${BENCH_HUGO:-0}" == 1 ]] && command -v hugo >/dev/null; then
    echo "== timing hugo on the same pages ($(hugo version | cut -d' ' -f2))"
    python3 "$HERE/gen_corpus.py" "$WORK/hugo" --pages "$N" --hugo
    time_cmd hugo "hugo --quiet --source '$WORK/hugo'"
    HUGO_MS=$MEDIAN_MS
    HUGO_FILES=$(find "$WORK/hugo/public" -type f | wc -l)
    echo "hugo: $N pages, $HUGO_FILES files, median ${HUGO_MS} ms"
    python3 -c "import sys; p,h=map(float,sys.argv[1:]); print(f'planverk/hugo: {p/h:.2f}x')" "$PLANVERK_MS" "$HUGO_MS"
fi
