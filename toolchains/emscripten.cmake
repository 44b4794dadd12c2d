# Cross build of the core for the browser with Debian's emscripten package
# (3.1.6). Wraps Debian's platform file and adds what our builds and tests
# need, so `cmake --preset wasm` works from any shell, with or without emcmake.
include(/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake)

# emcc runs node scripts (the JS optimizer) that need acorn from
# /usr/share/nodejs; a launcher passes NODE_PATH even when the caller's shell
# lacks it. The compiler launcher keeps any launcher already chosen (ccache).
set(twofold_node_env env NODE_PATH=/usr/share/nodejs)
if(NOT "${CMAKE_CXX_COMPILER_LAUNCHER}" MATCHES "NODE_PATH=")
  set(CMAKE_CXX_COMPILER_LAUNCHER ${twofold_node_env} ${CMAKE_CXX_COMPILER_LAUNCHER})
endif()
set(CMAKE_CXX_LINKER_LAUNCHER ${twofold_node_env})

# ctest runs wasm test programs under node. Node 20's global fetch would make
# the 3.1.6 loader fetch the .wasm by file path and fail, so it is turned off.
# (emcmake passes its own emulator flags; these replace them.)
find_program(TWOFOLD_NODE NAMES node nodejs REQUIRED NO_CMAKE_FIND_ROOT_PATH)
set(CMAKE_CROSSCOMPILING_EMULATOR "${TWOFOLD_NODE};--no-experimental-fetch"
    CACHE STRING "Runs wasm test programs" FORCE)
