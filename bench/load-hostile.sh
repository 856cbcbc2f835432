#!/usr/bin/env bash
# Times how fast `detente check` (release) rejects hostile input: each should take well under a
# second. The tests (tests/cli/hostile.rs) check the messages; this measures the time.
# Usage: bench/load-hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/detente"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import os, sys
d = sys.argv[1]
def w(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
lines = ["detente: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
for i in range(1, 10):
    lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]")
w("alias-bomb.yaml", "\n".join(lines) + "\n")
w("deep-brackets.yaml", "[" * 100_000 + "]" * 100_000)
w("deep-braces.yaml", "{a: " * 100_000 + "1" + "}" * 100_000)
w("deep-brackets.json", '{"actors": ' + "[" * 100_000 + "]" * 100_000 + "}")
w("deep-blocks.yaml", "".join("  " * i + "a:\n" for i in range(3000)))
w("scalar-20mb.yaml", 'detente: "' + "x" * 20_000_000 + '"\n')
w("binary-junk.yaml", os.urandom(20_000_000))
w("controls.yaml", bytes(range(1, 32)) * 100_000)
w("nul.yaml", "detente: 1\0\n")
w("empty.yaml", "")
w("list-root.yaml", "- a\n" * 1_000_000)
PY

for f in "$work"/*; do
  start=$(date +%s.%N)
  "$bin" check "$f" >/dev/null 2>"$work/err.txt" && code=0 || code=$?
  end=$(date +%s.%N)
  printf '%-20s exit %d  %6.3f s  %s\n' "$(basename "$f")" "$code" "$(echo "$end - $start" | bc)" \
    "$(head -c 100 "$work/err.txt" | head -1 | sed "s|$work/||")"
done
