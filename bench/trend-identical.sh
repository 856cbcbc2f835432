#!/usr/bin/env bash
# Measures `trend` over dates whose snapshots are all the same (11 yearly dates on a complete
# 40-actor signed graph whose ties all start in 2000), next to one `analyze` of the same graph:
# with the reuse of unchanged snapshots (src/analysis/trend.rs) the trend costs about one search,
# not eleven. Run from the repository root: bash bench/trend-identical.sh
set -euo pipefail
cargo build --release --quiet --bin detente
bin=target/release/detente
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
graph="$dir/complete40.yaml"
{
  echo "detente: 1"
  echo "actors:"
  for i in $(seq 0 39); do echo "  a$i: {name: Actor $i, kind: state}"; done
  echo "relations:"
  for i in $(seq 0 39); do
    for j in $(seq $((i + 1)) 39); do
      # A fixed mix of signs (about 40% negative), the same on every run.
      if (( (i * 7 + j * 13) % 5 < 2 )); then w=-0.5; else w=0.5; fi
      echo "  - {between: [a$i, a$j], series: [{date: 2000, weight: $w}]}"
    done
  done
} > "$graph"
seconds() {
  local start
  start=$(date +%s.%N)
  "$@" > /dev/null
  echo "$(date +%s.%N) - $start" | bc
}
printf '%-44s %8s\n' case seconds
printf '%-44s %8s\n' "analyze --at 2010" "$(seconds "$bin" analyze "$graph" --at 2010)"
printf '%-44s %8s\n' "trend --from 2010 --to 2020 (11 dates)" \
  "$(seconds "$bin" trend "$graph" --from 2010 --to 2020)"
