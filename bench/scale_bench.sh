#!/usr/bin/env bash
# Scaling benchmark for Tertial (issue 21). Prints figures; it is not a test
# and exits 0 whatever the figures are (it reports, it does not gate).
#
#   bench/scale_bench.sh [--quick] [BUILD_DIR]      (default BUILD_DIR: build)
#
# Generated reports (bench/gen_report.py: seed 000 plus generated content,
# written to a temporary directory, never checked in), each built once by
# `tertial build FILE --out DIR` (the resolved JSON and the PDF) and timed
# from outside by build/bin/measure (wall clock, peak resident set):
#   rows       a table of N rows, each column summed by a total row
#   sections   N sections of three paragraphs (the pages grow with N)
#   paragraph  one paragraph of N bytes
#   title      a title of N characters (shortened in every page's footer)
# For each: input bytes, wall and CPU ms, pages, CPU ms per page, peak MB, and the peak
# beyond a fixed base (seed 000's own peak) divided by the input's size.
# Then the targets of issue 21, as PASS/FAIL:
#   time per page within 2x from 15 to ~6 000 pages; 50 000 rows in under
#   10 s; the 10 000-character title like any other report; the peak at
#   most 20x the input beyond the base; seed 000 under 30 MB.
# --quick leaves out the largest cases (50 000 rows, 10 MB paragraph, the
# ~6 000-page report (15 000 sections)). BENCH_SCALE_RUNS (default 1) runs per case, median
# of the times and of the peaks; a case under 1 MiB of input (seed 000 among them) runs at
# least 5 times: one run's peak varied by about 2 MB while every run's heap was in 2 MB
# pages (seed 000: 23.8-25.8 MB in ten runs), which is 20x the input of a 100 KB report;
# without them (only an input of 1 MiB or more has them now) by 0.2-1 MB.
set -uo pipefail

usage() { echo "usage: $0 [--quick] [BUILD_DIR]" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RUNS=${BENCH_SCALE_RUNS:-1}
QUICK=0
BUILD_DIR=
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    -h|--help) usage ;;
    -*) usage ;;
    *) [[ -z $BUILD_DIR ]] || usage; BUILD_DIR=$arg ;;
  esac
done
# shellcheck source=find_tertial.sh
source "$HERE/find_tertial.sh"
MEASURE=$(dirname "$TERTIAL")/measure
[[ -x $MEASURE ]] || { echo "error: no measure binary at $MEASURE (build the bench targets)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 is needed to generate the reports" >&2; exit 1; }
HAVE_PDFINFO=1
command -v pdfinfo >/dev/null || { HAVE_PDFINFO=0; echo "note: pdfinfo missing (Debian: poppler-utils); pages shown as ?"; }

WORK=$(mktemp -d /tmp/tertial-scale.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

pages() { if [[ $HAVE_PDFINFO == 1 && -f $1 ]]; then pdfinfo "$1" 2>/dev/null | awk '/^Pages:/{print $2}'; else echo '?'; fi; }
median() { sort -g | awk '{a[NR]=$1} END{if(!NR){print "nan";exit} print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# The cases: KIND VALUE (generator flag and its value).
CASES=(
  "seed 0"
  "rows 1000" "rows 5000" "rows 10000" "rows 20000"
  "sections 40" "sections 400" "sections 2000"
  "paragraph 100000" "paragraph 1000000"
  "title 10000"
)
if [[ $QUICK == 0 ]]; then
  CASES+=("rows 50000" "sections 15000" "paragraph 10000000")
fi
flag_of() { case $1 in rows) echo --rows ;; sections) echo --sections ;; paragraph) echo --paragraph-bytes ;; title) echo --title-chars ;; esac; }

echo "Tertial scaling benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -sr)"
echo "binary: $TERTIAL"
echo "runs: $RUNS per case, at least 5 under 1 MiB of input (medians); the whole process (tertial build FILE --out DIR: JSON and PDF): wall clock, and CPU time"
echo "(user + system; the targets use it, since on a busy machine the wall clock is not the program's own)"
echo
printf '%-20s %12s %9s %9s %7s %9s %9s %12s\n' case 'input bytes' 'wall ms' 'CPU ms' pages 'CPU/page' 'peak MB' 'MB/input MB'
declare -A MS KB PG IN
BASE_KB=
for c in "${CASES[@]}"; do
  read -r kind value <<<"$c"
  name="$kind-$value"
  input=$WORK/$name.json
  if [[ $kind == seed ]]; then
    cp "$ROOT/examples/ostersund/san-tertial-1-2020.json" "$input"
    name=seed-000
  else
    python3 "$HERE/gen_report.py" "$input" "$(flag_of "$kind")" "$value" || { echo "error: generating $name failed" >&2; continue; }
  fi
  mkdir -p "$WORK/out-$name"
  : >"$WORK/$name.ms"; : >"$WORK/$name.kb"; : >"$WORK/$name.cpu"
  rc=0
  runs=$RUNS
  (( $(stat -c %s "$input") < 1048576 && runs < 5 )) && runs=5
  for _ in $(seq "$runs"); do
    "$MEASURE" "$WORK/m.txt" "$TERTIAL" build "$input" --out "$WORK/out-$name" >/dev/null 2>"$WORK/err.txt" || true
    read -r ms kb rc cpu <"$WORK/m.txt"
    echo "$ms" >>"$WORK/$name.ms"; echo "$kb" >>"$WORK/$name.kb"; echo "$cpu" >>"$WORK/$name.cpu"
  done
  [[ $rc == 0 ]] || echo "warning: $name: exit $rc: $(head -c 300 "$WORK/err.txt")" >&2
  ms=$(median <"$WORK/$name.ms"); cpu=$(median <"$WORK/$name.cpu"); kb=$(median <"$WORK/$name.kb")
  pg=$(pages "$WORK/out-$name/$(basename "$input" .json).pdf")
  in=$(stat -c %s "$input")
  [[ $kind == seed ]] && BASE_KB=$kb
  MS[$name]=$cpu; KB[$name]=$kb; PG[$name]=$pg; IN[$name]=$in
  per=$([[ $pg =~ ^[0-9]+$ ]] && awk -v m="$cpu" -v p="$pg" 'BEGIN{printf "%.2f", m/p}' || echo '?')
  over=$(awk -v k="$kb" -v b="${BASE_KB:-$kb}" -v i="$in" 'BEGIN{ if (b == k) print "-"; else printf "%.1f", (k-b)/1024/(i/1048576) }')
  printf '%-20s %12s %9.0f %9.0f %7s %9s %9.1f %12s\n' "$name" "$in" "$ms" "$cpu" "$pg" "$per" "$(awk -v k="$kb" 'BEGIN{print k/1024}')" "$over"
  rm -rf "$WORK/out-$name" "$input"
done

echo
echo "== Targets (issue 21)"
verdict() { if [[ $1 == 1 ]]; then echo PASS; else echo "**FAIL**"; fi; }
per_page() { awk -v m="${MS[$1]:-0}" -v p="${PG[$1]:-0}" 'BEGIN{ if (p > 0) printf "%.3f", m/p; else print 0 }'; }
largest=sections-15000; [[ -n ${MS[$largest]:-} ]] || largest=sections-2000
a=$(per_page seed-000); b=$(per_page "$largest")
ok=$(awk -v a="$a" -v b="$b" 'BEGIN{print (b <= 2*a && a > 0) ? 1 : 0}')
echo "time per page within 2x, seed 000 (${PG[seed-000]:-?} pages, $a CPU ms/page) to $largest (${PG[$largest]:-?} pages, $b CPU ms/page): $(verdict "$ok")"
if [[ -n ${MS[rows-50000]:-} ]]; then
  ok=$(awk -v m="${MS[rows-50000]}" 'BEGIN{print m < 10000 ? 1 : 0}')
  echo "50 000-row table under 10 s: ${MS[rows-50000]} CPU ms: $(verdict "$ok")"
fi
ok=$(awk -v t="${MS[title-10000]:-0}" -v s="${MS[seed-000]:-0}" 'BEGIN{print (t > 0 && t <= 1.5*s + 50) ? 1 : 0}')
echo "10 000-character title like any other (within 1.5x of seed 000 + 50 ms): ${MS[title-10000]:-?} CPU ms against ${MS[seed-000]:-?}: $(verdict "$ok")"
worst=0; worst_case=
for name in "${!KB[@]}"; do
  [[ $name == seed-000 ]] && continue
  r=$(awk -v k="${KB[$name]}" -v b="$BASE_KB" -v i="${IN[$name]}" 'BEGIN{ printf "%.2f", (k-b)/1024/(i/1048576) }')
  if awk -v r="$r" -v w="$worst" 'BEGIN{exit !(r > w)}'; then worst=$r; worst_case=$name; fi
done
ok=$(awk -v w="$worst" 'BEGIN{print w <= 20 ? 1 : 0}')
echo "peak beyond seed 000's at most 20x the input: worst ${worst}x ($worst_case): $(verdict "$ok")"
ok=$(awk -v k="${KB[seed-000]:-0}" 'BEGIN{print (k > 0 && k/1024 < 30) ? 1 : 0}')
echo "seed 000 under 30 MB: $(awk -v k="${KB[seed-000]:-0}" 'BEGIN{printf "%.1f", k/1024}') MB: $(verdict "$ok")"
exit 0
