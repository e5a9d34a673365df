# tertial_add_plugin(<id> SOURCES <files>... [FILES <files>...]): builds
# tertial_plugin_<id>.so, the file name the host looks for, with hidden
# visibility, into the directory the tertial binary searches
# (lib/tertial/plugins). FILES (a house style's logo) are copied beside it
# and installed with it: the plugin names them relative to its folder, so
# give them names no other plugin uses (e.g. <id>-logo.png).
function(tertial_add_plugin id)
  cmake_parse_arguments(ARG "" "" "SOURCES;FILES" ${ARGN})
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
  if(ARG_FILES)
    if(DEFINED TERTIAL_PLUGIN_OUTPUT_DIR)
      set(dir ${TERTIAL_PLUGIN_OUTPUT_DIR})
    elseif(CMAKE_LIBRARY_OUTPUT_DIRECTORY)
      set(dir ${CMAKE_LIBRARY_OUTPUT_DIRECTORY})
    else()
      set(dir ${CMAKE_CURRENT_BINARY_DIR})
    endif()
    set(copies)
    foreach(file ${ARG_FILES})
      get_filename_component(source ${file} ABSOLUTE)
      get_filename_component(name ${file} NAME)
      add_custom_command(OUTPUT ${dir}/${name}
        COMMAND ${CMAKE_COMMAND} -E copy_if_different ${source} ${dir}/${name}
        DEPENDS ${source} VERBATIM)
      list(APPEND copies ${dir}/${name})
    endforeach()
    add_custom_target(${target}_files ALL DEPENDS ${copies})
    add_dependencies(${target} ${target}_files)
    if(DEFINED TERTIAL_PLUGIN_INSTALL_DIR)
      install(FILES ${ARG_FILES} DESTINATION ${TERTIAL_PLUGIN_INSTALL_DIR})
    endif()
  endif()
  # Every plugin target of this build, for tests that need them built first.
  set_property(GLOBAL APPEND PROPERTY TERTIAL_PLUGIN_TARGETS ${target})
endfunction()
