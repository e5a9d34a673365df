# tertial_add_plugin(<id> SOURCES <files>...): builds tertial_plugin_<id>.so,
# the file name the host looks for, with hidden visibility, into the
# directory the tertial binary searches (lib/tertial/plugins).
function(tertial_add_plugin id)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  set(target tertial_plugin_${id})
  add_library(${target} MODULE ${ARG_SOURCES})
  if(TARGET tertial_core)
    target_link_libraries(${target} PRIVATE tertial_core)
  else()
    target_link_libraries(${target} PRIVATE Tertial::core)
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${target}
    CXX_STANDARD 20
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED TERTIAL_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${TERTIAL_PLUGIN_OUTPUT_DIR})
  endif()
  if(DEFINED TERTIAL_PLUGIN_INSTALL_DIR)
    # Installed in lib/tertial/plugins: libtertial_core.so is two levels up.
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN/../..")
    install(TARGETS ${target} LIBRARY DESTINATION ${TERTIAL_PLUGIN_INSTALL_DIR})
  endif()
  # Every plugin target of this build, for tests that need them built first.
  set_property(GLOBAL APPEND PROPERTY TERTIAL_PLUGIN_TARGETS ${target})
endfunction()
