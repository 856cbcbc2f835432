#!/usr/bin/env bash
# Measures the built-in `dot` and `sfdp` layouts on generated graphs of growing size, to place
# `--layout auto`'s threshold (src/render/diagram/image.rs, docs/rendering.md). Run from the repository
# root: bash bench/render-auto-threshold.sh
set -euo pipefail
cargo build --release --quiet
bin=target/release/detente
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '%8s %8s %8s %10s %10s\n' actors ties present dot_s sfdp_s
for size in "20 50" "40 100" "60 150" "80 250" "120 400" "200 800" "300 2000"; do
  set -- $size
  "$bin" generate --actors "$1" --relations "$2" -o "$dir/g.yaml"
  present=$("$bin" show "$dir/g.yaml" --at 2019 --format json | grep -c '"directed"' || true)
  times=()
  for layout in dot sfdp; do
    start=$(date +%s.%N)
    if "$bin" render "$dir/g.yaml" --at 2019 --layout "$layout" --timeout 120 -o "$dir/g.svg" 2>/dev/null; then
      times+=("$(echo "$(date +%s.%N) - $start" | bc)")
    else
      times+=("timeout")
    fi
  done
  printf '%8s %8s %8s %10s %10s\n' "$1" "$2" "$present" "${times[0]}" "${times[1]}"
done
