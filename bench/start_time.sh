#!/usr/bin/env bash
# Restart to first /healthz: milliseconds from exec of the release server to
# its first 200 from /healthz, on a data directory a first start already
# migrated (and seeded), started as scripts/start starts it. Prints each run
# and the median. Usage: bench/start_time.sh [runs, default 15]
# (after a native build: build/native/server/twofold-server, build/wasm/wasm).
# TWOFOLD_SERVER_BIN, TWOFOLD_CORE_DIR and TWOFOLD_BENCH_PORT override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
server=${TWOFOLD_SERVER_BIN:-build/native/server/twofold-server}
core_dir=${TWOFOLD_CORE_DIR:-build/wasm/wasm}
port=${TWOFOLD_BENCH_PORT:-18081}
data_dir=$(mktemp -d)
trap 'rm -rf "$data_dir"' EXIT

python3 - "$runs" "$server" "$core_dir" "$port" "$data_dir" <<'PY'
import signal, socket, statistics, subprocess, sys, time

runs, server, core_dir, port, data_dir = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
command = [server, "--data-dir", data_dir, "--www-dir", "www", "--core-dir", core_dir, "--port", str(port)]
request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
deadline_s = 30

def healthz_ok():
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(request)
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False

def start_once():
    """Milliseconds from exec to the first 200 from /healthz."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not healthz_ok():
            if process.poll() is not None:
                sys.exit(f"twofold-server exited with {process.returncode} before answering /healthz")
            if time.perf_counter() - began > deadline_s:
                sys.exit(f"no 200 from /healthz within {deadline_s} s")
            time.sleep(0.0002)  # leave the CPU to the server between tries
        return (time.perf_counter() - began) * 1000
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait()

start_once()  # the first start creates, migrates and seeds the data directory
times = [start_once() for _ in range(runs)]
print("runs (ms):", " ".join(f"{t:.1f}" for t in times))
print(f"restart to first /healthz: median {statistics.median(times):.1f} ms over {runs} runs "
      f"(min {min(times):.1f}, max {max(times):.1f})")
PY
