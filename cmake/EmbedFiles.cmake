# Writes OUT: a C++ file defining FUNCTION() in namespace NAMESPACE, which
# returns every file of DIR (one level) as {name, bytes}; hidden files too
# unless SKIP_HIDDEN is set. Run at build time whenever a file there changes
# (cli/CMakeLists.txt for the plugin scaffold, editor/CMakeLists.txt for the
# editor's page).
file(GLOB files LIST_DIRECTORIES false RELATIVE ${DIR} ${DIR}/*)
list(SORT files)
set(body "// Generated from ${DIR} by cmake/EmbedFiles.cmake; do not edit.\n#include <string_view>\n#include <utility>\n#include <vector>\n\nnamespace ${NAMESPACE} {\nnamespace {\n")
set(table "")
set(i 0)
foreach(name IN LISTS files)
  if(SKIP_HIDDEN AND name MATCHES "^\\.")
    continue()
  endif()
  file(READ ${DIR}/${name} hex HEX)
  string(LENGTH "${hex}" len)
  math(EXPR size "${len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND body "const char data${i}[] = {${bytes} 0};\n")
  string(APPEND table "        {\"${name}\", std::string_view(data${i}, ${size})},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "}  // namespace\n\nconst std::vector<std::pair<std::string_view, std::string_view>>& ${FUNCTION}() {\n    static const std::vector<std::pair<std::string_view, std::string_view>> all{\n${table}    };\n    return all;\n}\n\n}  // namespace ${NAMESPACE}\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.tmp)
