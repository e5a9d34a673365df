# Installing Tertial (`cmake --install build --prefix P`, any prefix) and
# packaging it (`cpack` in the build folder: tertial_VERSION_ARCH.deb and
# tertial-dev_VERSION_ARCH.deb). Everything is installed relative to the
# prefix, and the binary finds its libraries ($ORIGIN/../lib) and plugins
# (../lib/tertial/plugins) relative to itself, so an install tree works
# wherever it is put, and so does a package unpacked anywhere.
#
# Components: runtime (the package tertial: binary, libraries, plugins, the
# JSON schema, the docs and examples, man pages, bash completion) and dev
# (tertial-dev: headers and the CMake package for plugin authors).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# ---- find_package(Tertial): headers, libtertial_core, tertial_add_plugin() ----------
set(TERTIAL_CMAKE_INSTALL_DIR lib/cmake/Tertial)
install(EXPORT TertialTargets NAMESPACE Tertial:: DESTINATION ${TERTIAL_CMAKE_INSTALL_DIR} COMPONENT dev)
configure_package_config_file(cmake/TertialConfig.cmake.in ${CMAKE_BINARY_DIR}/cmake-install/TertialConfig.cmake
  INSTALL_DESTINATION ${TERTIAL_CMAKE_INSTALL_DIR}
  PATH_VARS TERTIAL_PLUGIN_INSTALL_DIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/TertialConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake-install/TertialConfig.cmake ${CMAKE_BINARY_DIR}/TertialConfigVersion.cmake
  cmake/TertialPlugin.cmake DESTINATION ${TERTIAL_CMAKE_INSTALL_DIR} COMPONENT dev)

# The build folder is a package too (-DCMAKE_PREFIX_PATH=build): the same
# config over the build tree, which mirrors the install tree.
export(EXPORT TertialTargets NAMESPACE Tertial:: FILE ${CMAKE_BINARY_DIR}/TertialTargets.cmake)
configure_file(cmake/TertialPlugin.cmake ${CMAKE_BINARY_DIR}/TertialPlugin.cmake COPYONLY)
configure_package_config_file(cmake/TertialConfig.cmake.in ${CMAKE_BINARY_DIR}/TertialConfig.cmake
  INSTALL_DESTINATION ${CMAKE_BINARY_DIR}
  INSTALL_PREFIX ${CMAKE_BINARY_DIR}
  PATH_VARS TERTIAL_PLUGIN_INSTALL_DIR)

# ---- man pages and bash completion, from the command tree ---------------------------
set(TERTIAL_MAN_DIR ${CMAKE_BINARY_DIR}/man/man1)
set(TERTIAL_COMPLETION ${CMAKE_BINARY_DIR}/completion/tertial)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/man/generated ${TERTIAL_COMPLETION}
  COMMAND ${CMAKE_COMMAND} -DDOCGEN=$<TARGET_FILE:tertial_docgen> -DMAN_DIR=${TERTIAL_MAN_DIR}
          -DCOMPLETION=${TERTIAL_COMPLETION} -DSTAMP=${CMAKE_BINARY_DIR}/man/generated
          -P ${PROJECT_SOURCE_DIR}/cmake/GenerateDocs.cmake
  DEPENDS tertial_docgen ${PROJECT_SOURCE_DIR}/cmake/GenerateDocs.cmake
  COMMENT "Writing the man pages and the bash completion from the command tree")
add_custom_target(tertial_docs ALL DEPENDS ${CMAKE_BINARY_DIR}/man/generated ${TERTIAL_COMPLETION})
install(DIRECTORY ${TERTIAL_MAN_DIR}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime
  FILES_MATCHING PATTERN "*.1.gz")
install(FILES ${TERTIAL_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT runtime)

# ---- the schema, the docs and the examples -------------------------------------------
install(FILES formats/json/schema/tertial-report.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/tertial/schema
  COMPONENT runtime)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs COMPONENT runtime)
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples COMPONENT runtime)

# ---- cpack: the Debian packages -------------------------------------------------------
set(TERTIAL_PACKAGE_MAINTAINER "Tertial maintainers <tertial@localhost>" CACHE STRING
  "The Maintainer field of the Debian packages")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tertial)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${TERTIAL_PACKAGE_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # tertial_0.1.0_amd64.deb
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME tertial)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME tertial-dev)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION text)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "committee reports to checked, signed, archivable PDF
Tertial turns a Swedish municipal committee's report (tertialrapport,
delårsrapport, verksamhetsplan, verksamhetsberättelse, kvalitetsrapport),
written as JSON, into a PDF/A-3 with the report embedded: every figure
computed, every total checked, signed and verified offline. Municipalities
and committees are plugins; this package has those of Östersund and
Härnösand and three committee plugins.")
set(CPACK_COMPONENT_DEV_DESCRIPTION "Tertial plugin development files
The headers and the CMake package (find_package(Tertial),
tertial_add_plugin()) for building a municipality or committee plugin
against the installed Tertial. `tertial plugin new` starts one.")
# The libraries are found by dpkg-shlibdeps; what the PDF writer reads at
# run time (fonts, hyphenation patterns, the sRGB profile) is declared here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${CMAKE_BINARY_DIR}/lib)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "fonts-liberation2, fonts-dejavu-core, hyphen-sv, icc-profiles-free")
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "tertial (= ${PROJECT_VERSION}), libboost-dev (>= 1.74), libboost-filesystem-dev (>= 1.74), cmake (>= 3.25), g++")
include(CPack)
