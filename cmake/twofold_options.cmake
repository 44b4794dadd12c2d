# One place that gives every Twofold target the same standard, warnings and
# sanitizer options, so no target quietly opts out of warnings-as-errors.
option(TWOFOLD_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

if(TWOFOLD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
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
