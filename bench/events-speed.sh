#!/usr/bin/env bash
# Measures issue 15's speed target for event data: `import events` reads >= 100 MB/s of GDELT
# 2.0 export (tab-separated, 61 columns). The export is synthetic (bench/gdelt-gen.py, ~500 MB by
# default, made once); the command runs under /usr/bin/time -v (wall time and peak RSS) with a
# virtual-memory cap (DETENTE_BENCH_VMEM_KB, 8 GB by default) and a time limit
# (DETENTE_BENCH_TIMEOUT seconds, 600 by default), once per option set that changes the work.
#
# Usage: bench/events-speed.sh DATADIR [DETENTE] [MB]
#   DATADIR  where the export is (or goes: DATADIR/gdelt-MBmb.export.CSV); the outputs go to
#            DATADIR/out/
#   DETENTE  the binary to time (default: target/release/detente, built here)
#   MB       the export's size in MB when it is made (default 500)
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:?usage: bench/events-speed.sh DATADIR [DETENTE] [MB]}
bin=${2:-}
mb=${3:-500}

if [ ! -x /usr/bin/time ]; then
  echo "installing Debian's time package for /usr/bin/time -v" >&2
  apt-get install -y -qq time >/dev/null
fi
if [ -z "$bin" ]; then
  # Rendering is not measured: the build leaves it out.
  cargo build --release --quiet --no-default-features
  bin=target/release/detente
fi

mkdir -p "$data/out"
export_csv="$data/gdelt-${mb}mb.export.CSV"
[ -f "$export_csv" ] || python3 bench/gdelt-gen.py "$export_csv" --mb "$mb"
bytes=$(stat -c %s "$export_csv")
# Read once beforehand, so that the first run does not pay for the disk and the others not.
cat "$export_csv" >/dev/null

measure() {
  local label=$1
  shift
  local status=0 times="$data/out/time.txt"
  (ulimit -v "${DETENTE_BENCH_VMEM_KB:-8388608}"
   /usr/bin/time -v timeout "${DETENTE_BENCH_TIMEOUT:-600}" "$@" >/dev/null 2>"$times") || status=$?
  local wall rss seconds
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$times")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$times")
  seconds=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  printf '%-36s %9s  %7.1f MB/s  %6d MB peak  exit %d\n' "$label" "$wall" \
    "$(awk -v b="$bytes" -v s="$seconds" 'BEGIN { print (s > 0 ? b / 1e6 / s : 0) }')" \
    $((rss / 1024)) "$status"
  if [ "$status" -ne 0 ]; then
    grep -v '^\s' "$times" | head -3 >&2
  fi
}

echo "$(numfmt --to=si "$bytes")B $export_csv ($(nproc) cores)"
measure "import events (month)" "$bin" import events "$export_csv" --format gdelt \
  -o "$data/out/events.yaml"
measure "import events --period week" "$bin" import events "$export_csv" --format gdelt \
  --period week -o "$data/out/events-week.yaml"
measure "  --kind quadclass --weight-by mentions" "$bin" import events "$export_csv" \
  --format gdelt --kind quadclass --weight-by mentions --directed -o "$data/out/events-quad.yaml"
