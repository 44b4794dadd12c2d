# The web app as the server reads it (--www-dir build/wasm/www): a copy of
# www/ with a brotli and a gzip copy beside each text file, at their
# strongest levels, made once here rather than per request or at start-up
# (server/src/app/static_files.hpp). The source folder stays free of
# generated files.
#
# The copy is made whole again whenever a file of www/ changes, so a file
# deleted there does not linger here. Pages (.html) and partials are left
# uncompressed: the server expands and rewrites them when it reads them and
# compresses the result itself.
find_program(TWOFOLD_GZIP gzip REQUIRED)
find_program(TWOFOLD_BROTLI brotli REQUIRED)

set(TWOFOLD_WWW_SOURCE ${PROJECT_SOURCE_DIR}/www)
set(TWOFOLD_WWW_BUILT ${CMAKE_BINARY_DIR}/www)
file(GLOB_RECURSE TWOFOLD_WWW_FILES CONFIGURE_DEPENDS ${TWOFOLD_WWW_SOURCE}/*)

add_custom_command(
  OUTPUT ${TWOFOLD_WWW_BUILT}/.made
  COMMAND ${CMAKE_COMMAND}
    -D SOURCE=${TWOFOLD_WWW_SOURCE} -D DESTINATION=${TWOFOLD_WWW_BUILT}
    -D GZIP=${TWOFOLD_GZIP} -D BROTLI=${TWOFOLD_BROTLI}
    -P ${PROJECT_SOURCE_DIR}/cmake/make_web_app.cmake
  DEPENDS ${TWOFOLD_WWW_FILES} ${PROJECT_SOURCE_DIR}/cmake/make_web_app.cmake
  COMMENT "Copying and compressing the web app into ${TWOFOLD_WWW_BUILT}"
  VERBATIM)
add_custom_target(twofold_www ALL DEPENDS ${TWOFOLD_WWW_BUILT}/.made)
