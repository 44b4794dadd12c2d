# Shared by scripts/start, scripts/test and .ci/start_path: install what is
# missing, from Debian's packages and the npm registry only, then build with
# CMake presets.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# Debian's Emscripten runs its JS optimizer under node and needs acorn from here.
export NODE_PATH=/usr/share/nodejs

# Each build folder has its own include paths (server/CMakeLists.txt's
# layers); paths relative to the checkout make the same source compiled with
# the same flags one ccache entry, so native-tests reuses what native built
# (and wasm-tests what wasm built) instead of compiling it all again.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$repo_root}
# The tests' precompiled headers (tests/server/CMakeLists.txt): ccache caches
# the files that use one only when told the header's macros and time stamps
# may be taken as given.
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-pch_defines,time_macros}

# What running Twofold needs: the compilers, the server's libraries and
# Emscripten for the browser's core. Nothing a test alone uses.
run_packages=(
  g++ cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-program-options1.81-dev
  libsodium-dev libsqlite3-dev libpq-dev libssl-dev nlohmann-json3-dev libcurl4-openssl-dev libcjose-dev libjansson-dev
  uap-core libyaml-cpp-dev libre2-dev libmaxminddb-dev
  john-data cracklib-runtime  # the default password blocklists (--password-blocklist)
  emscripten node-acorn
  brotli  # the wasm core's compressed copy (wasm/CMakeLists.txt)
  zlib1g-dev libbrotli-dev  # the pages compressed when the server reads them (server/src/app/compression.hpp)
)
# What the tests and benchmarks add: GoogleTest, Google Benchmark, the real
# peers they talk to (aiosmtpd, oathtool, zbarimg, openssl, sqlite3,
# libphonenumber), MaxMind's writer for the test location database, Chromium
# (npm, for the node tests' modules, comes in install_node_modules); clang
# with its sanitizer runtimes for the fuzz and tsan stages.
test_packages=(
  libgtest-dev googletest libbenchmark-dev
  chromium openssl sqlite3 zbar-tools oathtool python3-aiosmtpd python3-phonenumbers libmaxmind-db-writer-perl
  nginx-light  # a real TLS-terminating reverse proxy (tests/support/nginx.mjs)
  postgresql   # throwaway clusters for the PostgreSQL storage (tests/support/postgresql)
  clang libclang-rt-14-dev
)
# What bench/run adds to those: the HTTP load generator.
bench_packages=(
  wrk
)

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || echo "$pkg"
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  if ((${#missing[@]})); then
    echo "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

install_node_modules() {
  # Node itself comes with Emscripten; a machine with its own node and npm keeps them.
  command -v npm >/dev/null || install_packages npm
  # npm ci is exact and repeatable; skip it when the lock file has not changed.
  local stamp=node_modules/.package-lock.json
  if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
    npm ci --no-audit --no-fund
  fi
}

build_preset() {
  local preset=$1
  shift
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" "$@"
}

# Exactly what scripts/start builds: the server and the browser's core,
# without tests (.ci/start_path proves this needs no test package).
start_server_binary=build/native/server/twofold-server
start_core_dir=build/wasm/wasm
# The web app with its compressed copies (cmake/web_app.cmake).
start_www_dir=build/wasm/www
build_for_start() {
  build_preset native --target twofold-server "$@"
  build_preset wasm --target twofold_core_wasm --target twofold_www "$@"
}
