#!/usr/bin/env bash
# Measures `trend` on a generated graph large enough that the bloc searches and the output
# dominate: yearly dates over ten years, as JSON and CSV, with wall time and peak memory.
# Run from the repository root:
#   bash bench/trend-large.sh [ACTORS RELATIONS POINTS]   (default 10000 100000 10)
# DETENTE names the binary to time (default: target/release/detente, built when missing).
set -euo pipefail
actors=${1:-10000}
relations=${2:-100000}
points=${3:-10}
bin=${DETENTE:-target/release/detente}
if [[ ! -x $bin ]]; then
  cargo build --release --quiet --bin detente
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
graph="$dir/generated.json"
"$bin" generate --actors "$actors" --relations "$relations" --points "$points" -o "$graph"
echo "graph: $actors actors, $relations relations, $points points each ($(du -h "$graph" | cut -f1))"
printf '%-28s %9s %10s %12s\n' format seconds "peak MB" "output MB"
for format in json csv; do
  /usr/bin/time -f '%e %M' -o "$dir/time" \
    "$bin" trend "$graph" --from 2005 --to 2015 --format "$format" > "$dir/out"
  read -r secs kb < "$dir/time"
  printf '%-28s %9s %10s %12s\n' "trend --format $format" "$secs" "$((kb / 1024))" \
    "$(( $(stat -c %s "$dir/out") / 1048576 ))"
done
