#!/usr/bin/env bash
# Load on a release server over loopback with wrk (Debian package wrk):
# /healthz, a static file, and full sign-ins (Argon2id, SQLite, new session).
# Bounded: 8 s per run, 127.0.0.1 only. Usage: bench/http.sh (after a native build).
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d)
log=$data_dir/server.log
port=${TWOFOLD_BENCH_PORT:-18080}
people=$data_dir/people.txt
build/native/server/twofold-server --data-dir "$data_dir" --www-dir www --core-dir build/wasm/wasm \
  --port "$port" >"$log" 2>"$people" &
server=$!
trap 'kill $server; wait $server 2>/dev/null; rm -rf "$data_dir"' EXIT
until grep -q server.listening "$log"; do kill -0 $server; sleep 0.1; done

# The demo passwords are printed for the person (standard error), never logged.
password=$(sed -n 's/^ *agent: account agent (.*), password \([^ ]*\)$/\1/p' "$people")
script=$data_dir/sign_in.lua
cat >"$script" <<LUA
wrk.method = "POST"
wrk.body = '{"company":"Demo","account":"agent","password":"$password"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Requested-With"] = "twofold"
LUA

url=http://127.0.0.1:$port
echo "== GET /healthz";            wrk -t1 -c16 -d8s "$url/healthz"
echo "== GET /js/sign_in_page.js"; wrk -t1 -c16 -d8s "$url/js/sign_in_page.js"
echo "== POST /api/session";       wrk -t1 -c4 -d8s -s "$script" "$url/api/session"
