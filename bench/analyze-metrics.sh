#!/usr/bin/env bash
# Measures `analyze` on a generated 5,000-actor graph with every metric (the default) and with
# `--metrics` asking for a few: exact closeness and betweenness dominate the full run, and a
# question about blocs or PageRank should not pay for them. Run from the repository root:
# bash bench/analyze-metrics.sh
#
# Measured on the shared 2-core build machine (release build, seconds, one run each):
#   analyze (every metric)                          8.0
#   analyze --metrics pagerank,eigenvector,degree   0.75
#   analyze --metrics blocs,balance,frustration     0.94
#   analyze --metrics components                    0.57
#   analyze --metrics betweenness                   7.5
#   analyze --metrics closeness                     8.6  (alone it needs its own all-pairs search)
set -euo pipefail
cargo build --release --quiet --bin detente
bin=target/release/detente
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
graph="$dir/g5000.yaml"
"$bin" generate --actors 5000 --relations 20000 --points 1 --seed 1 -o "$graph"
seconds() {
  local start
  start=$(date +%s.%N)
  "$@" > /dev/null
  echo "$(date +%s.%N) - $start" | bc
}
printf '%-52s %8s\n' case seconds
for metrics in "" pagerank,eigenvector,degree blocs,balance,frustration components betweenness closeness; do
  if [ -z "$metrics" ]; then
    printf '%-52s %8s\n' "analyze (every metric)" "$(seconds "$bin" analyze "$graph" --at 2010)"
  else
    printf '%-52s %8s\n' "analyze --metrics $metrics" \
      "$(seconds "$bin" analyze "$graph" --at 2010 --metrics "$metrics")"
  fi
done
