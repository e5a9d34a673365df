#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each. Seeds: tests/data/fuzz/<target>/
# (seeds and earlier findings, which ctest also replays), the examples and
# malformed reports for the report reader, and the examples rendered to PDF
# for the PDF readers when a release build is there (TERTIAL, default
# build/bin/tertial). A crash, timeout or out-of-memory input is copied to
# tests/data/fuzz/<target>/ and the script exits 1.
# Usage: tests/fuzz/run.sh SECONDS [BUILD_DIR]   (BUILD_DIR: build-fuzz)
# FUZZ_TARGETS="fuzz_text_refs fuzz_report_json" runs only those (two runs side by side
# on two cores).
set -euo pipefail
seconds=${1:?usage: run.sh SECONDS [BUILD_DIR]}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${2:-$root/build-fuzz}" && pwd)  # absolute: the targets run in a work directory
work=$(mktemp -d /tmp/tertial-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
tertial=${TERTIAL:-$root/build/bin/tertial}
pdfs=$work/pdfs
mkdir -p "$pdfs"
if [ -x "$tertial" ]; then
  "$tertial" build --format pdf "$root"/examples/*/*.json --out "$pdfs" >/dev/null
else
  echo "(no release build at $tertial: the PDF targets start from tests/data/fuzz alone)"
fi
for target in ${FUZZ_TARGETS:-fuzz_decimal fuzz_text_refs fuzz_report_json fuzz_pdf_signatures fuzz_pdf_extract}; do
  corpus=$work/$target
  mkdir -p "$corpus"
  max_len=65536
  case $target in
    fuzz_report_json) cp "$root"/examples/*/*.json "$root"/tests/data/malformed/*.json "$corpus"/ ;;
    fuzz_pdf_*) max_len=262144; cp "$pdfs"/*.pdf "$corpus"/ 2>/dev/null || true ;;
  esac
  # Seeds and earlier findings (regression inputs), run first.
  for kept in "$root/tests/data/fuzz/$target"/*; do [ -f "$kept" ] && cp "$kept" "$corpus"/; done
  echo "== $target, $seconds s"
  if [ ! -x "$build/bin/$target" ]; then echo "$target: not built in $build (see tests/fuzz/CMakeLists.txt)"; status=2; continue; fi
  if ! (cd "$work" && "$build/bin/$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 "$corpus" 2>"$work/$target.log"); then
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
