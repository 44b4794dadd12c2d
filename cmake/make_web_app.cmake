# cmake -D SOURCE=www -D DESTINATION=build/wasm/www -D GZIP=... -D BROTLI=... -P make_web_app.cmake
# (cmake/web_app.cmake runs it): DESTINATION becomes a copy of SOURCE with
# <name>.br and <name>.gz beside each file the server sends as it is.
file(REMOVE_RECURSE ${DESTINATION})
file(COPY ${SOURCE}/ DESTINATION ${DESTINATION})
file(GLOB_RECURSE compressible LIST_DIRECTORIES false
  ${DESTINATION}/*.js ${DESTINATION}/*.mjs ${DESTINATION}/*.css ${DESTINATION}/*.svg ${DESTINATION}/*.json
  ${DESTINATION}/*.txt ${DESTINATION}/*.map ${DESTINATION}/*.webmanifest)
if(compressible)
  execute_process(COMMAND ${GZIP} -9 -n -k -f ${compressible} COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND ${BROTLI} -q 11 -k -f ${compressible} COMMAND_ERROR_IS_FATAL ANY)
  # brotli gives its copy the file's time in whole seconds, older than the
  # file: the server would take it for stale.
  foreach(file IN LISTS compressible)
    file(TOUCH_NOCREATE ${file}.br)
  endforeach()
endif()
file(TOUCH ${DESTINATION}/.made)
