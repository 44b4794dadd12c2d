# One place that gives every Twofold target the same standard, warnings and
# sanitizer options, so no target quietly opts out of warnings-as-errors.
option(TWOFOLD_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

if(TWOFOLD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# ThreadSanitizer cannot share a build with AddressSanitizer, hence its own
# option (the tsan preset). Boost.Asio's threads and the server's worker pool
# are what it watches.
option(TWOFOLD_SANITIZE_THREAD "Build with ThreadSanitizer" OFF)

if(TWOFOLD_SANITIZE_THREAD)
  if(TWOFOLD_SANITIZE)
    message(FATAL_ERROR "TWOFOLD_SANITIZE_THREAD and TWOFOLD_SANITIZE cannot be combined")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()

# libFuzzer targets (fuzz/, the fuzz preset): clang only. Every object gets
# the coverage instrumentation and AddressSanitizer + UndefinedBehaviorSanitizer;
# only the fuzz targets link libFuzzer's main.
option(TWOFOLD_FUZZ "Build the libFuzzer targets in fuzz/ (clang)" OFF)

if(TWOFOLD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TWOFOLD_FUZZ needs clang (the fuzz preset sets it)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

function(twofold_target_options target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Werror)
  # GCC 12 at -O2/-O3 reports -Wrestrict inside libstdc++'s own string
  # concatenation (GCC bug 105329), a false positive we cannot fix at the call.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()
