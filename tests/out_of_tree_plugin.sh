# Installs this build into a temporary prefix, builds docs/plugin-template against it with find_package(Tertial), and runs the installed tertial with that plugin.
# Usage: out_of_tree_plugin.sh CMAKE BUILD_DIR SOURCE_DIR CXX_COMPILER
set -u
cmake=$1
build=$2
source=$3
cxx=$4

work=$(mktemp -d "${TMPDIR:-/tmp}/tertial-out-of-tree.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
prefix=$work/prefix
template_build=$work/template-build
log=$work/log
passed=0
failed=0

pass() {
    passed=$((passed + 1))
    echo "ok: $1"
}

fail() {
    failed=$((failed + 1))
    echo "FAILED: $1"
    sed 's/^/    /' "$log"
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# Nothing from the build tree or the environment may help the installed binary.
unset LD_LIBRARY_PATH TERTIAL_PLUGIN_PATH

# 1. Install.
if "$cmake" --install "$build" --prefix "$prefix" >"$log" 2>&1; then
    pass "cmake --install into a temporary prefix"
else
    fail "cmake --install into a temporary prefix"
    finish
fi

tertial=$prefix/bin/tertial
for f in "$tertial" "$prefix/lib/libtertial_core.so" "$prefix/lib/cmake/Tertial/TertialConfig.cmake" \
    "$prefix/include/tertial/plugin.hpp" "$prefix/lib/tertial/plugins/tertial_plugin_ostersund.so"; do
    if [ -e "$f" ]; then pass "installed ${f#"$prefix"/}"; else echo "missing: $f" >"$log"; fail "installed ${f#"$prefix"/}"; fi
done
if ls "$prefix/lib/tertial/plugins" | grep -v '^tertial_plugin_\(elderly_care\|harnosand\|labour_market\|ostersund\|social_services\)\.so$' >"$log"; then
    fail "only the real plugins are installed (no test fixtures)"
else
    pass "only the real plugins are installed (no test fixtures)"
fi
if ldd "$tertial" >"$log" 2>&1 && grep -q "libtertial_core.so => $prefix/bin/../lib/libtertial_core.so" "$log"; then
    pass "the installed binary finds libtertial_core.so through \$ORIGIN/../lib"
else
    fail "the installed binary finds libtertial_core.so through \$ORIGIN/../lib"
fi

# 2. Configure and build the template against the installed Tertial.
if "$cmake" -S "$source/docs/plugin-template" -B "$template_build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release >"$log" 2>&1; then
    pass "configure docs/plugin-template with find_package(Tertial)"
else
    fail "configure docs/plugin-template with find_package(Tertial)"
    finish
fi
if "$cmake" --build "$template_build" >"$log" 2>&1 && [ -f "$template_build/tertial_plugin_exempelby.so" ]; then
    pass "build tertial_plugin_exempelby.so"
else
    fail "build tertial_plugin_exempelby.so"
    finish
fi

# 3. The installed binary lists it beside the installed plugins, without errors.
if "$tertial" plugins --plugin-dir "$template_build" >"$log" 2>&1 &&
    grep -q "^exempelby  *municipality  *1\.0\.0  *$template_build/tertial_plugin_exempelby\.so$" "$log" &&
    grep -q "^ostersund  *municipality  *1\.0\.0  *$prefix/lib/tertial/plugins/tertial_plugin_ostersund\.so$" "$log" &&
    grep -q "^6 plugins found in: $template_build, $prefix/lib/tertial/plugins$" "$log" &&
    ! grep -q "error" "$log"; then
    pass "tertial plugins lists exempelby and the installed plugins"
else
    fail "tertial plugins lists exempelby and the installed plugins"
fi

# 4. A new report from its data, which checks clean but for to-dos.
report=$work/exempelby-sn.json
if "$tertial" new --municipality exempelby --committee social_services --kind tertialrapport --period 2021-04-30 \
    -o "$report" --plugin-dir "$template_build" >"$log" 2>&1 &&
    grep -q "^wrote $report: a tertialrapport for Socialnämnden, " "$log"; then
    pass "tertial new --municipality exempelby"
else
    fail "tertial new --municipality exempelby"
fi
# Diagnostics on stderr are only to-dos; stdout sums them up, grouped by section.
if "$tertial" check "$report" --plugin-dir "$template_build" >"$log.out" 2>"$log" &&
    grep -q "^$report: 0 errors, " "$log.out" && ! grep -v -e "warning\[todo\]" "$log" >/dev/null; then
    pass "tertial check of the new report: only to-dos"
else
    fail "tertial check of the new report: only to-dos"
fi
if TERTIAL_PLUGIN_PATH=$template_build "$tertial" check "$report" >"$log" 2>&1; then
    pass "tertial check finds the plugin through TERTIAL_PLUGIN_PATH"
else
    fail "tertial check finds the plugin through TERTIAL_PLUGIN_PATH"
fi
if "$tertial" check "$report" >"$log" 2>&1; then
    echo "the check passed without the plugin" >>"$log"
    fail "tertial check without the plugin's directory fails"
elif grep -q "plugin 'exempelby' not found (looked for tertial_plugin_exempelby.so in $prefix/lib/tertial/plugins)" "$log"; then
    pass "tertial check without the plugin's directory fails"
else
    fail "tertial check without the plugin's directory fails"
fi

# 5. A year on with the plugin's rollover rule: a goal worded otherwise last
# year takes today's wording, and the new report checks clean but for to-dos.
sed 's/"I Exempelby kommun växer vi hållbart"/"Exempelby växer"/' "$report" >"$work/old-wording.json"
rolled=$work/exempelby-sn-2022.json
if "$tertial" rollover "$work/old-wording.json" --to 2022 -o "$rolled" -v --plugin-dir "$template_build" >"$log" 2>&1 &&
    grep -q "updated: .*: goal 'mal1' worded as today" "$log" && grep -q '"I Exempelby kommun växer vi hållbart"' "$rolled" &&
    "$tertial" check "$rolled" --plugin-dir "$template_build" >"$log.out" 2>"$log" &&
    ! grep -v -e "warning\[todo\]" "$log" >/dev/null; then
    pass "tertial rollover runs the plugin's rule; the new report checks clean but for to-dos"
else
    fail "tertial rollover runs the plugin's rule; the new report checks clean but for to-dos"
fi

finish
