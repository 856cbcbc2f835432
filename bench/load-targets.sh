#!/usr/bin/env bash
# Measures the loading targets of issue 2 on the release binary:
#   a ~50 MB generated YAML graph loads (`detente check`) in < 10 s with peak memory < 4x its size;
#   the same graph as JSON in < 1 s;
#   a snapshot of 100,000 relations in < 50 ms, of 1,000,000 in < 0.5 s (criterion, benches/load.rs).
# Usage: bench/load-targets.sh [WORKDIR]   (default: a temporary directory, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
  echo "installing Debian's time package for /usr/bin/time -v" >&2
  apt-get install -y -qq time >/dev/null
fi

work="${1:-$(mktemp -d)}"
[ -n "${1:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

cargo build --release --quiet
bin=target/release/detente

# 115,000 relations of 10 points: about 51 MB of YAML.
args=(--actors 2000 --relations 115000 --points 10 --seed 1)
"$bin" generate "${args[@]}" -o "$work/graph.yaml"
"$bin" generate "${args[@]}" -o "$work/graph.json"

measure() {
  local file=$1 size
  size=$(stat -c %s "$file")
  /usr/bin/time -v "$bin" check "$file" >/dev/null 2>"$work/time.txt"
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  awk -v f="$(basename "$file")" -v s="$size" -v t="$secs" -v r="$rss" 'BEGIN {
    printf "%-11s %6.1f MB  wall %8s  peak RSS %7.1f MB  (%.2fx the file)\n",
      f, s / 1e6, t, r * 1024 / 1e6, r * 1024 / s }'
}

echo "load (detente check, release):"
measure "$work/graph.yaml"
measure "$work/graph.json"

echo
echo "snapshots (criterion; see target/criterion/snapshot):"
cargo bench --quiet --bench load -- snapshot 2>/dev/null | grep -E '^snapshot'
