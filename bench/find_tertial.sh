# Sourced by the benchmark scripts: sets TERTIAL to BUILD_DIR/bin/tertial,
# or exits saying there is none. A relative BUILD_DIR is taken from the
# current directory, else from the repository root (ROOT).
BUILD_DIR=${BUILD_DIR:-build}
if [[ $BUILD_DIR != /* && ! -d $BUILD_DIR && -d $ROOT/$BUILD_DIR ]]; then BUILD_DIR=$ROOT/$BUILD_DIR; fi
TERTIAL=$(cd "$BUILD_DIR" 2>/dev/null && pwd)/bin/tertial
[[ -x $TERTIAL ]] || { echo "error: no tertial binary at $BUILD_DIR/bin/tertial (build first)" >&2; exit 1; }
