#!/usr/bin/env bash
# Times `detente check` (release) on files with thousands of problems: 20,000 unknown ids in a
# JSON graph and 40,000 repeated `title:` keys. Reporting must grow linearly with the problems
# (it was quadratic: every quoted line was found by walking the file from its top).
# Usage: bench/error-report.sh [N]   (N unknown ids, default 20000; 2N repeated keys)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/detente"
n="${1:-20000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$n" <<'PY'
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
for size in (n // 4, n):
    rel = [{"between": ["A", f"U{i}"], "kind": "x", "series": [{"date": 2020, "weight": 0.5}]}
           for i in range(size)]
    g = {"detente": 1, "actors": {"A": {"name": "A", "kind": "state"}}, "relations": rel}
    with open(os.path.join(d, f"unknown-{size}.json"), "w") as f:
        json.dump(g, f, indent=1)
    with open(os.path.join(d, f"repeated-{2 * size}.yaml"), "w") as f:
        f.write("detente: 1\n" + "title: x\n" * (2 * size) + "actors: {A: {name: A, kind: state}}\n")
PY
for file in "$work"/*; do
  for format in text json; do
    /usr/bin/time -f "$(basename "$file") --format $format: %U s user, %e s wall" \
      "$bin" check --format "$format" "$file" >/dev/null 2>"$work/err" || true
    tail -1 "$work/err"
  done
done
