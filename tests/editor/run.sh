#!/bin/sh
# Runs the browser tests of `tertial edit` (e2e.mjs) from ctest. Needs node, Debian's
# chromium and `npm ci --prefix tests/editor`; without them the test is skipped (77),
# except under CI=true, where a missing piece is a failure.
# usage: run.sh TERTIAL_BINARY SOURCE_DIR [SCREENSHOT]
here=$(cd "$(dirname "$0")" && pwd)
missing=""
command -v node >/dev/null 2>&1 || missing="$missing node"
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}
[ -n "$chromium" ] && [ -x "$chromium" ] || missing="$missing chromium"
[ -d "$here/node_modules/puppeteer-core" ] && [ -d "$here/node_modules/axe-core" ] ||
  missing="$missing node_modules(npm ci --prefix tests/editor)"
if [ -n "$missing" ]; then
  echo "editor browser test: missing:$missing"
  if [ "$CI" = "true" ]; then exit 1; fi
  exit 77
fi
command -v pdftotext >/dev/null 2>&1 || { echo "editor browser test: missing pdftotext (poppler-utils)"; exit 1; }
export CHROMIUM="$chromium"
exec node "$here/e2e.mjs" --tertial "$1" --source "$2" ${3:+--screenshot "$3"}
