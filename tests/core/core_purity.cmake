# Fails when C++ code under a folder reaches for I/O, clocks, randomness, the
# environment or platform code: shared/ must stay pure so the server and the
# browser compute the same answers from the same inputs.
#
#   cmake -DROOT=<folder> -P core_purity.cmake                 every file must be clean
#   cmake -DROOT=<folder> -DEXPECT=violations -P core_purity.cmake
#                                                              every file must be caught
# Comments are ignored, so headers may explain what they avoid.

set(forbidden_includes
  "iostream" "istream" "ostream" "fstream" "cstdio" "stdio\\.h" "filesystem" "thread" "future"
  "random" "ctime" "time\\.h" "unistd\\.h" "fcntl\\.h" "sys/[a-z_/]+\\.h" "windows\\.h"
  "boost/asio[a-z_/.]*" "boost/beast[a-z_/.]*" "emscripten[a-z_/.]*" "sqlite3\\.h" "sodium[a-z_/.]*"
  "openssl/rand\\.h" "curl/[a-z_/.]+")
set(forbidden_code
  "_clock::now" "steady_clock" "high_resolution_clock" "random_device" "mt19937"
  "[^a-z_]s?rand[ \t]*\\(" "[^a-z_]time[ \t]*\\([ \t]*(nullptr|NULL|0|&)" "[^a-z_]clock[ \t]*\\([ \t]*\\)"
  "getenv" "[^a-z_]system[ \t]*\\(" "popen" "fopen" "std::cout" "std::cerr" "printf" "std::thread"
  "std::jthread" "sleep_for" "sleep_until" "EM_ASM" "EM_JS" "__EMSCRIPTEN__" "__DATE__" "__TIME__")

string(JOIN "|" include_alternatives ${forbidden_includes})
set(include_pattern "#[ \t]*include[ \t]*[<\"](${include_alternatives})[>\"]")

# The forbidden things found in one file's code, comments removed.
function(find_violations file out_var)
  file(READ "${file}" code)
  string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" " " code "${code}")
  string(REGEX REPLACE "//[^\n]*" "" code "${code}")
  set(found "")
  string(REGEX MATCHALL "${include_pattern}" includes "${code}")
  list(APPEND found ${includes})
  foreach(pattern IN LISTS forbidden_code)
    string(REGEX MATCHALL "${pattern}" uses "${code}")
    list(APPEND found ${uses})
  endforeach()
  set(${out_var} "${found}" PARENT_SCOPE)
endfunction()

if(NOT IS_DIRECTORY "${ROOT}")
  message(FATAL_ERROR "core_purity: ROOT is not a folder: '${ROOT}'")
endif()
file(GLOB_RECURSE files "${ROOT}/*.hpp" "${ROOT}/*.cpp" "${ROOT}/*.h" "${ROOT}/*.cc" "${ROOT}/*.ipp")
list(LENGTH files file_count)
if(file_count EQUAL 0)
  message(FATAL_ERROR "core_purity: no C++ files under ${ROOT}")
endif()

set(failures "")
foreach(file IN LISTS files)
  find_violations("${file}" found)
  file(RELATIVE_PATH name "${ROOT}" "${file}")
  if(EXPECT STREQUAL "violations")
    if(found STREQUAL "")
      string(APPEND failures "  ${name}: nothing found, but the file is impure\n")
    endif()
  elseif(NOT found STREQUAL "")
    string(APPEND failures "  ${name}: ${found}\n")
  endif()
endforeach()

if(NOT failures STREQUAL "")
  message(FATAL_ERROR "core_purity (${ROOT}):\n${failures}")
endif()
message(STATUS "core_purity: ${file_count} files checked under ${ROOT}")
