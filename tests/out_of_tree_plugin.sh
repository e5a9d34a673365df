# Installs this build into a temporary prefix and runs the installed tertial;
# builds docs/plugin-template against it with find_package(Tertial) and runs
# tertial with that plugin; then a plugin made by `tertial plugin new`:
# built out of tree, checked with `tertial plugins --conformance`, installed
# with `cmake --install` where tertial finds it, and used to make a report.
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
if ls "$prefix/lib/tertial/plugins" | grep -v -e '^tertial_plugin_\(elderly_care\|harnosand\|labour_market\|ostersund\|social_services\)\.so$' \
    -e '^harnosand-logo\.pdf$' -e '^ostersund-logo\.pdf$' >"$log"; then
    fail "only the real plugins (and their logos) are installed (no test fixtures)"
else
    pass "only the real plugins (and their logos) are installed (no test fixtures)"
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

# 6. The installed binary builds an example; the install has the rest of the package.
if "$tertial" build "$source/examples/ostersund/san-tertial-1-2020.json" --out "$work/out" >"$log" 2>&1 &&
    [ -s "$work/out/san-tertial-1-2020.pdf" ]; then
    pass "the installed tertial builds an example's PDF"
else
    fail "the installed tertial builds an example's PDF"
fi
: >"$log"
for f in share/man/man1/tertial.1.gz share/man/man1/tertial-plugin.1.gz share/bash-completion/completions/tertial \
    share/tertial/schema/tertial-report.schema.json share/doc/tertial/docs/installing.md lib/cmake/Tertial/TertialPlugin.cmake; do
    [ -e "$prefix/$f" ] || echo "missing: $prefix/$f" >>"$log"
done
if [ -s "$log" ]; then fail "installed man pages, completion, schema, docs"; else pass "installed man pages, completion, schema, docs"; fi

# 7. The template conforms.
if "$tertial" plugins --conformance "$template_build" >"$log" 2>&1 && grep -q "^exempelby: conforms (11 checks)$" "$log"; then
    pass "tertial plugins --conformance: the template conforms"
else
    fail "tertial plugins --conformance: the template conforms"
fi

# 8. A new plugin from the scaffold: built out of tree, conforming, installed, used.
scaffold=$work/solleftea
if "$tertial" plugin new --municipality "Sollefteå kommun" --scb-code 2283 -o "$scaffold" >"$log" 2>&1 &&
    [ -f "$scaffold/solleftea.cpp" ]; then
    pass "tertial plugin new writes the plugin's folder"
else
    fail "tertial plugin new writes the plugin's folder"
    finish
fi
if "$cmake" -S "$scaffold" -B "$scaffold/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=Release >"$log" 2>&1 && "$cmake" --build "$scaffold/build" >>"$log" 2>&1 &&
    [ -f "$scaffold/build/tertial_plugin_solleftea.so" ]; then
    pass "the new plugin builds against the installed Tertial"
else
    fail "the new plugin builds against the installed Tertial"
    finish
fi
if "$tertial" plugins --conformance "$scaffold/build" >"$log" 2>&1 && grep -q "^solleftea: conforms (11 checks)$" "$log"; then
    pass "tertial plugins --conformance: the new plugin conforms"
else
    fail "tertial plugins --conformance: the new plugin conforms"
fi
# No --prefix: the plugin goes where the Tertial it was built against looks.
if "$cmake" --install "$scaffold/build" >"$log" 2>&1 && [ -f "$prefix/lib/tertial/plugins/tertial_plugin_solleftea.so" ]; then
    pass "cmake --install of the plugin puts it in the installed plugin folder"
else
    fail "cmake --install of the plugin puts it in the installed plugin folder"
fi
# Tried again from its build folder, the installed copy further down the path is no fault.
if "$tertial" plugins --conformance "$scaffold/build" >"$log" 2>&1 && grep -q "^solleftea: conforms (11 checks)$" "$log"; then
    pass "tertial plugins --conformance of the build folder, with the plugin installed too"
else
    fail "tertial plugins --conformance of the build folder, with the plugin installed too"
fi
report=$work/solleftea-sn.json
if "$tertial" new --municipality solleftea --committee social_services --kind tertialrapport --period 2021-04-30 \
    -o "$report" >"$log" 2>&1 && "$tertial" check "$report" >"$log.out" 2>"$log" &&
    ! grep -v -e "warning\[todo\]" "$log" >/dev/null &&
    "$tertial" build "$report" --out "$work/out" >"$log" 2>&1 && [ -s "$work/out/solleftea-sn.pdf" ]; then
    pass "tertial new, check and build with the installed plugin, no --plugin-dir"
else
    fail "tertial new, check and build with the installed plugin, no --plugin-dir"
fi

# 9. The build folder is a package too.
if "$cmake" -S "$scaffold" -B "$work/against-build" -DCMAKE_PREFIX_PATH="$build" -DCMAKE_CXX_COMPILER="$cxx" >"$log" 2>&1 &&
    grep -q "^CMAKE_INSTALL_PREFIX:PATH=$build$" "$work/against-build/CMakeCache.txt"; then
    pass "find_package(Tertial) in the build folder: tertial_add_plugin, installing into the build"
else
    fail "find_package(Tertial) in the build folder: tertial_add_plugin, installing into the build"
fi

finish
