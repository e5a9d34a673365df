# Builds the Debian packages of this build with cpack, checks what they hold and
# declare, unpacks them into a fresh root (dpkg-deb -x: a real `dpkg -i`
# would change this machine) and runs the unpacked tertial from there.
# Usage: package_deb.sh CPACK CMAKE BUILD_DIR SOURCE_DIR VERSION
set -u
cpack=$1
cmake=$2
build=$3
source=$4
version=$5

work=$(mktemp -d "${TMPDIR:-/tmp}/tertial-package.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
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

check() {  # check NAME COMMAND...: passes when COMMAND succeeds; its output is shown if not
    name=$1
    shift
    if "$@" >"$log" 2>&1; then pass "$name"; else fail "$name"; fi
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

unset LD_LIBRARY_PATH TERTIAL_PLUGIN_PATH
arch=$(dpkg --print-architecture)
deb=$work/tertial_${version}_$arch.deb
dev=$work/tertial-dev_${version}_$arch.deb

# 1. cpack, with the build tree as it is (cpack checks that it is built; nothing is rebuilt).
if (cd "$work" && "$cpack" --config "$build/CPackConfig.cmake" -B "$work") >"$log" 2>&1 && [ -f "$deb" ] && [ -f "$dev" ]; then
    pass "cpack makes tertial_${version}_$arch.deb and tertial-dev_${version}_$arch.deb"
else
    ls "$work" >>"$log"
    fail "cpack makes tertial_${version}_$arch.deb and tertial-dev_${version}_$arch.deb"
    finish
fi

# 2. What the packages declare.
field() { dpkg-deb -f "$1" "$2"; }
check "tertial: name, version, architecture" test "$(field "$deb" Package) $(field "$deb" Version) $(field "$deb" Architecture)" = "tertial $version $arch"
depends=$(field "$deb" Depends)
echo "Depends: $depends" >"$log"
missing=
for p in libc6 libstdc++6 libpodofo0.9.8 libqpdf29 libboost-filesystem1.74.0 libharfbuzz0b libnettle8 libssl3 fonts-liberation2 \
    fonts-dejavu-core hyphen-sv icc-profiles-free; do
    case ", $depends," in *", $p "* | *", $p,"*) ;; *) missing="$missing $p" ;; esac
done
if [ -z "$missing" ]; then pass "tertial depends on its libraries (dpkg-shlibdeps) and on its fonts and data"; else
    echo "missing:$missing" >>"$log"
    fail "tertial depends on its libraries (dpkg-shlibdeps) and on its fonts and data"
fi
check "tertial-dev depends on tertial of the same version" sh -c "dpkg-deb -f '$dev' Depends | grep -q '^tertial (= $version), libboost-dev'"

# Every dependency is met on this Debian: some alternative of each is
# installed, at a version the relation allows.
: >"$log"
unmet=0
echo "$depends, $(field "$dev" Depends)" | tr ',' '\n' | while read -r alternatives; do
    [ -n "$alternatives" ] || continue
    met=no
    rest=$alternatives
    while [ -n "$rest" ]; do
        one=${rest%%|*}
        [ "$one" = "$rest" ] && rest= || rest=${rest#*|}
        name=$(echo "$one" | sed 's/^ *\([^ (]*\).*/\1/')
        relation=$(echo "$one" | sed -n 's/.*(\([<>=]*\) *\([^)]*\)).*/\1 \2/p')
        [ "$name" = tertial ] && { met=yes; break; }  # the other package of this pair
        have=$(dpkg-query -W -f='${Version}' "$name" 2>/dev/null) || continue
        if [ -z "$relation" ]; then met=yes; break; fi
        op=${relation%% *}
        want=${relation#* }
        case $op in '>=') op=ge ;; '<=') op=le ;; '=') op=eq ;; '>>') op=gt ;; '<<') op=lt ;; esac
        if dpkg --compare-versions "$have" "$op" "$want"; then met=yes; break; fi
    done
    [ "$met" = yes ] || echo "not met: $alternatives" >>"$log"
done
if [ -s "$log" ]; then fail "every dependency is met on this system"; else pass "every dependency is met on this system"; fi

# 3. What the packages hold.
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/files"
dpkg-deb -c "$dev" | awk '{print $6}' | sed 's|^\./|/|' >"$work/dev-files"
: >"$log"
for f in /usr/bin/tertial /usr/lib/libtertial_core.so /usr/lib/libtertial_pdf.so /usr/lib/libtertial_pdf_emit.so /usr/lib/libtertial_pdf_sign.so \
    /usr/lib/tertial/plugins/tertial_plugin_ostersund.so /usr/lib/tertial/plugins/tertial_plugin_social_services.so \
    /usr/share/tertial/schema/tertial-report.schema.json /usr/share/doc/tertial/README.md \
    /usr/share/doc/tertial/docs/installing.md /usr/share/doc/tertial/docs/plugins.md \
    /usr/share/doc/tertial/examples/ostersund/san-tertial-1-2020.json \
    /usr/share/man/man1/tertial.1.gz /usr/share/man/man1/tertial-build.1.gz /usr/share/man/man1/tertial-plugin.1.gz \
    /usr/share/man/man1/tertial-import.1.gz /usr/share/bash-completion/completions/tertial; do
    grep -qx "$f" "$work/files" || echo "tertial lacks $f" >>"$log"
done
for f in /usr/include/tertial/plugin.hpp /usr/lib/cmake/Tertial/TertialConfig.cmake /usr/lib/cmake/Tertial/TertialTargets.cmake \
    /usr/lib/cmake/Tertial/TertialPlugin.cmake; do
    grep -qx "$f" "$work/dev-files" || echo "tertial-dev lacks $f" >>"$log"
done
# Nothing of the build's own: no test binaries, fixtures or generators; headers only in -dev.
grep -e '^/usr/bin/.' "$work/files" | grep -vx /usr/bin/tertial >>"$log"
grep -e fixture -e docgen -e '_test$' -e '^/usr/include' "$work/files" >>"$log"
ls "$build"/lib/tertial/plugins | sed 's|^|/usr/lib/tertial/plugins/|' | while read -r f; do
    grep -qx "$f" "$work/files" || echo "tertial lacks the built plugin $f" >>"$log"
done
if [ -s "$log" ]; then fail "the packages hold what they should, and nothing else"; else pass "the packages hold what they should, and nothing else"; fi
# One man page per command, each with the command's options.
pages=$(grep -c '^/usr/share/man/man1/tertial-.*\.1\.gz$' "$work/files")
commands=$("$build/bin/tertial" --help | sed -n '/^Subcommands:/,$p' | grep -c '^  [a-z]')
check "a man page for each of the $commands commands" test "$pages" = "$commands"

# 4. Unpacked into a fresh root, the binary finds its libraries and plugins there.
root=$work/root
dpkg-deb -x "$deb" "$root" && dpkg-deb -x "$dev" "$root"
tertial=$root/usr/bin/tertial
check "the unpacked tertial runs" sh -c "'$tertial' --version | grep -qx 'tertial $version'"
if ldd "$tertial" >"$log" 2>&1 && grep -q "libtertial_core.so => $root/usr/bin/../lib/libtertial_core.so" "$log"; then
    pass "the unpacked tertial loads libtertial_core.so from its own root"
else
    fail "the unpacked tertial loads libtertial_core.so from its own root"
fi
if "$tertial" plugins >"$log" 2>&1 && grep -q "^5 plugins found in: $root/usr/lib/tertial/plugins$" "$log"; then
    pass "tertial plugins finds the 5 plugins in the unpacked root"
else
    fail "tertial plugins finds the 5 plugins in the unpacked root"
fi
example=$root/usr/share/doc/tertial/examples/ostersund/san-tertial-1-2020.json
if "$tertial" build "$example" --out "$work/out" >"$log" 2>&1 && [ -s "$work/out/san-tertial-1-2020.pdf" ] &&
    head -c 8 "$work/out/san-tertial-1-2020.pdf" | grep -q '^%PDF-1\.'; then
    pass "tertial build of the packaged example writes its PDF"
else
    ls "$work/out" >>"$log" 2>&1
    fail "tertial build of the packaged example writes its PDF"
fi
check "the packaged schema is the source's" cmp "$root/usr/share/tertial/schema/tertial-report.schema.json" \
    "$source/formats/json/schema/tertial-report.schema.json"

# 5. The man pages: roff with the command's synopsis and options; rendered when man is here.
page=$root/usr/share/man/man1/tertial-build.1.gz
if gzip -dc "$page" >"$work/page" 2>"$log" && grep -q '^\.TH TERTIAL-BUILD 1 ' "$work/page" &&
    grep -q '^\.SH SYNOPSIS' "$work/page" && grep -q '^\\fB\\-\\-plugin\\-dir\\fR \\fIDIR\\fR$' "$work/page"; then
    pass "tertial-build(1) has its synopsis and options"
else
    cat "$work/page" >>"$log"
    fail "tertial-build(1) has its synopsis and options"
fi
if command -v man >/dev/null; then
    check "man renders tertial-plugins(1) with --conformance" sh -c \
        "MANWIDTH=100 man -l '$root/usr/share/man/man1/tertial-plugins.1.gz' 2>&1 | grep -q -- '--conformance DIR|FILE'"
fi

# 6. Bash completion, sourced as bash-completion would.
completion=$root/usr/share/bash-completion/completions/tertial
complete_words() {  # complete_words WORD...: what completing the last word offers
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tertial; printf "%s\n" "${COMPREPLY[@]}"' \
        sh "$completion" "$@" | sort | tr '\n' ' '
}
mkdir -p "$work/complete/dir-a"
touch "$work/complete/file-a"
check "completion: commands" test "$(complete_words tertial pl)" = "plugin plugins "
check "completion: a group's subcommands" test "$(complete_words tertial plugin '')" = "--help new "
check "completion: options of a command" test "$(complete_words tertial plugins --co)" = "--conformance "
check "completion: a value from a set" test "$(complete_words tertial build --format '')" = "json pdf "
check "completion: directories for a DIR" test "$(cd "$work/complete" && complete_words tertial check --plugin-dir '')" = "dir-a "
check "completion: files for a file" test "$(cd "$work/complete" && complete_words tertial check fi)" = "file-a "

# 7. The -dev package: find_package(Tertial) from the unpacked root.
cat >"$work/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(find_tertial LANGUAGES CXX)
find_package(Tertial 0.1 REQUIRED)
if(NOT COMMAND tertial_add_plugin OR NOT TARGET Tertial::core)
  message(FATAL_ERROR "find_package(Tertial) gave no tertial_add_plugin() or Tertial::core")
endif()
get_target_property(imported Tertial::core IMPORTED_CONFIGURATIONS)
get_target_property(core Tertial::core IMPORTED_LOCATION_${imported})
message(STATUS "core: ${core}; plugins: ${TERTIAL_PLUGIN_DIR}; install prefix: ${CMAKE_INSTALL_PREFIX}")
EOF
if "$cmake" -S "$work" -B "$work/find" -DCMAKE_PREFIX_PATH="$root/usr" >"$log" 2>&1 &&
    grep -q -- "-- core: $root/usr/lib/libtertial_core.so; plugins: $root/usr/lib/tertial/plugins; install prefix: $root/usr$" "$log"; then
    pass "find_package(Tertial) finds the unpacked -dev package, its library and plugin folder"
else
    fail "find_package(Tertial) finds the unpacked -dev package, its library and plugin folder"
fi

finish
