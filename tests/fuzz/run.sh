#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, with the examples and the test
# data as seed corpus. Exit 1 if any target finds a crash (the input is
# saved as crash-* in the corpus directory; add it to tests/data/fuzz/).
# Usage: tests/fuzz/run.sh SECONDS [BUILD_DIR]   (BUILD_DIR: build-fuzz)
set -euo pipefail
seconds=${1:?usage: run.sh SECONDS [BUILD_DIR]}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${2:-$root/build-fuzz}" && pwd)  # absolute: the targets run in a work directory
work=$(mktemp -d /tmp/tertial-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
for target in fuzz_decimal fuzz_text_refs fuzz_report_json; do
  corpus=$work/$target
  mkdir -p "$corpus"
  case $target in
    fuzz_report_json) cp "$root"/examples/*/*.json "$root"/tests/data/malformed/*.json "$corpus"/ 2>/dev/null || true ;;
    fuzz_decimal) printf '186.9' > "$corpus/a"; printf -- '-0.5' > "$corpus/b"; printf '1200' > "$corpus/c" ;;
    fuzz_text_refs) printf 'Underskott {{drift.summa.avvikelse|abs}} mnkr' > "$corpus/a"; printf 'sum(a..b) - share(x, y)' > "$corpus/b" ;;
  esac
  # Earlier findings, kept as regression inputs, run first.
  for kept in "$root/tests/data/fuzz/$target"/*; do [ -f "$kept" ] && cp "$kept" "$corpus"/; done
  echo "== $target, $seconds s"
  if [ ! -x "$build/bin/$target" ]; then echo "$target: not built in $build (see tests/fuzz/CMakeLists.txt)"; status=2; continue; fi
  if ! (cd "$work" && "$build/bin/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 "$corpus" 2>"$work/$target.log"); then
    echo "$target: found a problem:"; tail -30 "$work/$target.log"; status=1
    for found in "$work"/crash-* "$work"/timeout-* "$work"/oom-*; do
      [ -f "$found" ] || continue
      mkdir -p "$root/tests/data/fuzz/$target" && cp "$found" "$root/tests/data/fuzz/$target/"
      echo "kept $(basename "$found") in tests/data/fuzz/$target/"
    done
  else
    grep -E "^Done|#[0-9]+ +DONE" "$work/$target.log" | tail -1
  fi
done
exit $status
