#!/bin/sh
# API throughput measured on the server (issue 13): starts the packaged gateway on 127.0.0.1 only (emulator mode,
# in-memory H2, an API key from the configuration), warms it up, then runs wrk with api-orders.lua at 8, 16 and 32
# connections, and stops the gateway. Needs wrk (Debian: apt-get install wrk) and gateway/target/passerelle.jar
# (./mvnw -pl gateway -am package -DskipTests). Run from the project root:
#   gateway/src/test/wrk/api-orders.sh [duration, default 20s]
set -eu
duration=${1:-20s}
jar=gateway/target/passerelle.jar
script=gateway/src/test/wrk/api-orders.lua
port=${PASSERELLE_BENCH_PORT:-18080}
data=$(mktemp -d)
export PASSERELLE_API_KEY=wrk-bench-key-0123456789abcdef
java ${JAVA_OPTS:-} -jar "$jar" --server.address=127.0.0.1 --server.port="$port" \
  --passerelle.emulator.port=0 --passerelle.data-dir="$data" \
  "--spring.datasource.url=jdbc:h2:mem:wrk;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" \
  --passerelle.api.keys="$PASSERELLE_API_KEY" > "$data/gateway.log" 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null; wait $gateway 2>/dev/null; rm -rf "$data"' EXIT
for i in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  kill -0 $gateway 2>/dev/null || { cat "$data/gateway.log"; exit 1; }
  sleep 0.5
done
echo "POST /api/v1/orders (Idempotency-Key, audit), wrk $duration per line, $(nproc) cores, $(java -version 2>&1 | head -1)"
wrk -t2 -c8 -d10s -s "$script" "http://127.0.0.1:$port" > /dev/null   # warm-up (JIT)
for c in 8 16 32; do
  printf 'connections %-3s ' "$c"
  wrk -t2 -c"$c" -d"$duration" -s "$script" "http://127.0.0.1:$port" | awk '/Requests\/sec/ {rps=$2} /^requests/ {line=$0} END {printf "%8.0f req/s  %s\n", rps, line}'
done
