#!/usr/bin/env bash
# How fast `tertial import ledger` reads a 100 000-line export, and its peak
# memory: a CSV and an XLSX of Östersund's driftredovisning (made up, written
# by bench/ledger_export.py), imported with --dry-run into seed 000, timed by
# build/bin/measure. Prints figures; never fails on them (exit 1: no binary).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-$ROOT/build}
TERTIAL=$BUILD_DIR/bin/tertial
MEASURE=$BUILD_DIR/bin/measure
ROWS=${BENCH_ROWS:-100000}
RUNS=${BENCH_RUNS:-5}
[[ -x $TERTIAL ]] || { echo "error: no tertial binary at $TERTIAL" >&2; exit 1; }
[[ -x $MEASURE ]] || { echo "error: no measure binary at $MEASURE (cmake --build $BUILD_DIR --target measure)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/tertial-ledger-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 "$ROOT/bench/ledger_export.py" "$WORK" "$ROWS"
cp "$ROOT/examples/ostersund/san-tertial-1-2020.json" "$WORK/report.json"

echo "tertial import ledger --dry-run, $ROWS lines, $RUNS runs each (median and minimum ms, peak MB):"
for file in export.csv export.xlsx; do
  ms=()
  peak=0
  "$TERTIAL" import ledger "$WORK/$file" --into "$WORK/report.json" --date 2020-05-04 --dry-run >"$WORK/out.txt" 2>&1 ||
    { echo "  $file: import failed:"; cat "$WORK/out.txt"; continue; }
  for ((i = 0; i < RUNS; i++)); do
    "$MEASURE" "$WORK/m.txt" "$TERTIAL" import ledger "$WORK/$file" --into "$WORK/report.json" --date 2020-05-04 --dry-run >/dev/null 2>&1
    read -r MS KB RC _ <"$WORK/m.txt"
    ms+=("$MS")
    ((KB > peak)) && peak=$KB
  done
  sorted=$(printf '%s\n' "${ms[@]}" | sort -n)
  median=$(echo "$sorted" | sed -n "$(((RUNS + 1) / 2))p")
  min=$(echo "$sorted" | head -1)
  printf '  %-12s %8s bytes  median %6s ms  min %6s ms  peak %6.1f MB\n' "$file" "$(stat -c %s "$WORK/$file")" \
    "$median" "$min" "$(echo "$peak / 1024" | bc -l)"
done
