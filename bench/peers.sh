#!/usr/bin/env bash
# Side by side with python-igraph, in one run: generates the shared data sets (gen.py), converts
# them to detente graphs as a user would, then times each task as a whole process for detente
# and for the igraph peer alternately, checks that both give the same result, and prints a
# table of median wall times, peak RSS and ratios. bench/README.md describes it.
#
#   bench/peers.sh [--peers DIR] [--data DIR] [--rounds N] [--python PY] [SIZE...]   (default: M)
#
# DIR is the folder of the peer scripts (gen.py, e2e_igraph.py, bench_igraph.py, to_detente.py);
# without --peers, $PEER_DIR. The data goes to --data, $PEER_DATA or $TMPDIR/peer-data. PY is a
# Python with the peer's requirements.txt installed (default: $PEER_PYTHON, else python3).
# DETENTE names the binary to time (default: target/release/detente, built when missing).
set -euo pipefail
# EPOCHREALTIME (bash 5) writes the locale's decimal separator; awk reads a point.
export LC_ALL=C

peers=${PEER_DIR:-}
data=${PEER_DATA:-${TMPDIR:-/tmp}/peer-data}
rounds=${ROUNDS:-3}
python=${PEER_PYTHON:-python3}
sizes=()
while (($#)); do
    case $1 in
    --peers) peers=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "peers.sh: unknown option $1" >&2; exit 2 ;;
    *) sizes+=("$1"); shift ;;
    esac
done
((${#sizes[@]})) || sizes=(M)
if [[ -z $peers || ! -f $peers/e2e_igraph.py ]]; then
    echo "peers.sh: give the folder of gen.py and e2e_igraph.py with --peers DIR or PEER_DIR" >&2
    exit 2
fi
peers=$(cd "$peers" && pwd)
[[ -x /usr/bin/time ]] || { echo "peers.sh: needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }
[[ -n ${EPOCHREALTIME:-} ]] || { echo "peers.sh: needs bash 5 or later (EPOCHREALTIME)" >&2; exit 2; }
"$python" -c 'import igraph, pandas' 2>/dev/null ||
    { echo "peers.sh: $python lacks igraph or pandas: $python -m pip install -r $peers/requirements.txt" >&2; exit 2; }
# pandas imports pyarrow when it can, which slows the peer's start by about half at M: timed so,
# the ratios flatter detente. The peer's environment should hold its requirements.txt only.
if "$python" -c 'import pyarrow' 2>/dev/null; then
    echo "peers.sh: warning: $python has pyarrow, which pandas loads at start and which the peer's" >&2
    echo "  requirements.txt does not list; the peer's times (and the ratios) are then inflated." >&2
    echo "  Use a virtual environment with only $peers/requirements.txt installed." >&2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
detente=${DETENTE:-$root/target/release/detente}
if [[ ! -x $detente ]]; then
    (cd "$root" && cargo build --release --quiet)
fi
mkdir -p "$data"
data=$(cd "$data" && pwd)
export PEER_DATA=$data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

T1=2010-06-30
T2=2020-06-30
# bench_igraph.py's steps; a task runs a few of them and skips the rest.
steps=load,snap_2010,snap_2020,diff,strength,pagerank,betweenness_exact,betweenness_k256,betweenness_k16,components,triangles,dot_hand,dot_native
skip_but() {
    local keep=",$1," out=() s
    for s in ${steps//,/ }; do [[ $keep == *",$s,"* ]] || out+=("$s"); done
    local IFS=,
    echo "${out[*]}"
}

# time_run OUT CMD...: runs CMD with stdout to OUT; prints "seconds peak-MB". The wall time is
# bash's clock to the microsecond around the run: /usr/bin/time's %e has hundredths of a second,
# a tenth of a command at M (0.13 against 0.14 s moved a ratio from 7.4x to 6.9x).
time_run() {
    local out=$1
    shift
    local start=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$work/time" "$@" >"$out" 2>"$work/stderr" || {
        echo "peers.sh: failed: $*" >&2
        cat "$work/stderr" >&2
        exit 1
    }
    local end=$EPOCHREALTIME
    awk -v start="$start" -v end="$end" '{ printf "%.3f %.0f\n", end - start, $1 / 1024 }' "$work/time"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# check TASK SIZE DETENTE_OUTPUT PEER_OUTPUT: the check values of both, as "detente | igraph".
check() {
    python3 - "$@" <<'PY'
import json, re, sys
task, size, ours, theirs = sys.argv[1:]
def peer_steps(path):
    """The check of the last step bench_igraph.py timed, or e2e_igraph.py's one line."""
    lines = [json.loads(l) for l in open(path) if l.startswith("{")]
    ends = [l for l in lines if l.get("ev") == "end" and not l["step"].startswith("_")]
    return ends[-1]["check"] if ends else lines[-1]
peer = peer_steps(theirs)
if task == "load":
    m = re.search(r"\((\d+) actors, (\d+) relations, (\d+) points", open(ours).read())
    mine = dict(zip(["nodes", "relations", "points"], map(int, m.groups()))) if m else {}
elif task == "snapshot":
    ties = json.load(open(ours))["ties"]
    mine = {"active": len(ties), "wsum": round(sum(t["weight"] for t in ties), 4)}
elif task.startswith("diff"):
    s = json.load(open(ours))["summary"]
    mine = {k: s[k] for k in ("added", "removed", "changed", "sign_flips")}
    peer = {k: peer[k] for k in mine}
elif task == "dot":
    edge = re.compile(r'^\s*"n\d+" -> "n\d+"')
    mine = {"edges": sum(1 for l in open(ours) if edge.match(l))}
elif task == "pagerank":
    rows = json.load(open(ours))["actors"]
    rows.sort(key=lambda a: -a["pagerank"])
    mine = {"top3": [a["id"] for a in rows[:3]]}
elif task == "triangles":
    # The peer signs each pair by the sum of its ties' weights, as detente's signed view does
    # when every kind is signed with factor 1 (the generator's kinds): a triangle is balanced
    # when the product of its three signs is positive, `+++` and `+--` in the census.
    census = json.load(open(ours))["balance"]["census"]
    mine = {"balanced": census["+++"] + census["+--"], "unbalanced": census["++-"] + census["---"]}
else:
    # Betweenness samples different sources from the peer's.
    print("not compared")
    sys.exit()
same = "same" if mine == peer else "DIFFERENT"
print(f"{same}: {json.dumps(mine)}" if mine == peer else f"{same}: detente {json.dumps(mine)} igraph {json.dumps(peer)}")
PY
}

for size in "${sizes[@]}"; do
    [[ -f $data/relations_$size.csv ]] || "$python" "$peers/gen.py" "$size" --out "$data" >&2
    graph=$data/detente_$size.parquet
    if [[ ! -e $graph ]]; then
        # gen.py's 0.0000 weight ends a tie until its next point: an `end` column says so. The
        # table is in date order; --order key stores the ties in the order the commands walk
        # them (docs/data.md), as a user storing a large graph for repeated reading would.
        awk -F, -v OFS=, 'NR == 1 { print $0, "end"; next }
            $5 + 0 == 0 { $5 = ""; print $0, "true"; next } { print $0, "" }' \
            "$data/relations_$size.csv" >"$work/relations.csv"
        echo "converting $size: detente import csv (timed)" >&2
        read -r secs mb < <(time_run /dev/null "$detente" import csv "$work/relations.csv" \
            --actors "$data/actors_$size.csv" --columns from=src,to=dst --directed --order key \
            -o "$graph")
        echo "  import csv -> $(basename "$graph"): $secs s, $mb MB" >&2
        rm -f "$work/relations.csv"
    fi

    # name | detente command | peer command ("e2e TASK" or "steps STEP,...")
    tasks=(
        "load|check $graph|steps load"
        "snapshot|show $graph --at $T2 --format json|e2e snapshot"
        # The peer's diff is the weights' (added, removed, changed, flips); so is --no-points.
        # detente's default report also lists the points behind each change: the second row.
        "diff|diff $graph --from $T1 --to $T2 --format json --no-points|e2e diff"
        "diff, with points|diff $graph --from $T1 --to $T2 --format json|e2e diff"
        "dot|render $graph --at $T2 --format dot|steps load,snap_2020,dot_native"
        "pagerank|analyze $graph --at $T2 --metrics pagerank --format json|e2e pagerank"
        # The peer samples 256 distinct sources, so S (200 actors) has no betweenness row.
        "betweenness|analyze $graph --at $T2 --metrics betweenness --betweenness-samples 256 --betweenness-lengths hops --format json|e2e betweenness"
        "triangles|analyze $graph --at $T2 --metrics balance --format json|e2e triangles"
    )
    [[ $size == S ]] && tasks=("${tasks[@]/betweenness*/}")
    echo
    echo "## $size ($rounds rounds, alternating; wall time median, peak RSS)"
    echo
    echo "| task | detente | RSS | igraph | RSS | igraph / detente | same result |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
    for t in "${tasks[@]}"; do
        [[ -n $t ]] || continue
        IFS='|' read -r name ours theirs <<<"$t"
        read -r kind arg <<<"$theirs"
        if [[ $kind == e2e ]]; then
            peer_cmd=("$python" "$peers/e2e_igraph.py" "$arg" "$size")
        else
            peer_cmd=("$python" "$peers/bench_igraph.py" "$size" --skip "$(skip_but "$arg")" --dot-dir "$work")
        fi
        : >"$work/ours.times"
        : >"$work/theirs.times"
        for ((r = 0; r < rounds; r++)); do
            # shellcheck disable=SC2086 # the detente command is split into its words on purpose
            time_run "$work/ours.out" "$detente" $ours >>"$work/ours.times"
            time_run "$work/theirs.out" "${peer_cmd[@]}" >>"$work/theirs.times"
        done
        d=$(cut -d' ' -f1 "$work/ours.times" | median)
        dm=$(cut -d' ' -f2 "$work/ours.times" | median)
        p=$(cut -d' ' -f1 "$work/theirs.times" | median)
        pm=$(cut -d' ' -f2 "$work/theirs.times" | median)
        ratio=$(awk -v d="$d" -v p="$p" 'BEGIN { printf (d > 0 ? "%.1fx" : "-"), p / (d > 0 ? d : 1) }')
        same=$(check "$name" "$size" "$work/ours.out" "$work/theirs.out")
        echo "| $name | $d s | $dm MB | $p s | $pm MB | $ratio | $same |"
    done
done
