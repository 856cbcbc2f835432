#!/usr/bin/env bash
# Measures issue 15's speed targets for the columnar graph on the long CSV that the shared
# generator writes (`gen.py L`: 10M points, 1M relations, `src,dst,kind,date,weight`):
#   import csv RELATIONS.csv -o L.parquet   <= 5 s,   peak memory <= 1.5 GB
#   reading the Parquet version             <= 1.5 s, peak memory <= 1.5 GB
# Each command runs under /usr/bin/time -v (wall time and peak RSS) and a virtual-memory cap
# (DETENTE_BENCH_VMEM_KB, 8 GB by default) and a time limit (DETENTE_BENCH_TIMEOUT seconds, 600
# by default) so that a miss cannot take the machine down.
#
# Usage: bench/parquet-speed.sh GEN.py SIZE DATADIR [DETENTE]
#   GEN.py   the shared generator (gen.py), run when DATADIR lacks relations_SIZE.csv
#   SIZE     S, M or L
#   DATADIR  where the generated CSV is (or goes); the outputs go to DATADIR/out-SIZE/
#   DETENTE  the binary to time (default: target/release/detente, built here)
set -euo pipefail
cd "$(dirname "$0")/.."

gen=${1:?usage: bench/parquet-speed.sh GEN.py SIZE DATADIR [DETENTE]}
size=${2:?size: S, M or L}
data=${3:?a directory for the data}
bin=${4:-}

if [ ! -x /usr/bin/time ]; then
  echo "installing Debian's time package for /usr/bin/time -v" >&2
  apt-get install -y -qq time >/dev/null
fi
if [ -z "$bin" ]; then
  # Rendering is not measured: the build leaves it out.
  cargo build --release --quiet --no-default-features
  bin=target/release/detente
fi

mkdir -p "$data"
csv="$data/relations_$size.csv"
[ -f "$csv" ] || python3 "$gen" "$size" --out "$data"
out="$data/out-$size"
rm -rf "$out"
mkdir -p "$out"

measure() {
  local label=$1
  shift
  local status=0
  (ulimit -v "${DETENTE_BENCH_VMEM_KB:-8388608}"
   /usr/bin/time -v timeout "${DETENTE_BENCH_TIMEOUT:-600}" "$@" >/dev/null 2>"$out/time.txt") || status=$?
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
  printf '%-44s %10s  %8d MB  exit %d\n' "$label" "$wall" $((rss / 1024)) "$status"
  if [ "$status" -ne 0 ]; then
    grep -v '^\s' "$out/time.txt" | head -3 >&2
  fi
}

echo "$(stat -c %s "$csv" | numfmt --to=iec) $csv"
# gen.py's relations are directed (src, dst, kind) triples.
measure "import csv -> $size.parquet" "$bin" import csv "$csv" --columns from=src,to=dst \
  --directed -o "$out/$size.parquet"
measure "check $size.parquet" "$bin" check "$out/$size.parquet"
measure "import parquet points.parquet -> .parquet" "$bin" import parquet \
  "$out/$size.parquet/points.parquet" -o "$out/again.parquet"
du -sh "$out/$size.parquet"
