# Runs tertial_docgen (DOCGEN) for the man pages (MAN_DIR, gzipped as Debian
# wants them) and the bash completion (COMPLETION), then touches STAMP.
# Run at build time by cmake/TertialPackaging.cmake.
file(REMOVE_RECURSE ${MAN_DIR})
execute_process(COMMAND ${DOCGEN} man ${MAN_DIR} COMMAND_ERROR_IS_FATAL ANY)
get_filename_component(completion_dir ${COMPLETION} DIRECTORY)
file(MAKE_DIRECTORY ${completion_dir})
execute_process(COMMAND ${DOCGEN} completion ${COMPLETION} COMMAND_ERROR_IS_FATAL ANY)
file(GLOB pages ${MAN_DIR}/*.1)
foreach(page IN LISTS pages)
  # -n: no name or time stamp in the header, so the same pages make the same bytes.
  execute_process(COMMAND gzip -9nf ${page} COMMAND_ERROR_IS_FATAL ANY)
endforeach()
file(TOUCH ${STAMP})
