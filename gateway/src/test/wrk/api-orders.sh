#!/bin/sh
# API throughput measured on the server (issue 13): starts the packaged gateway on 127.0.0.1 only (emulator mode,
# in-memory H2, an API key from the configuration), warms it up, then runs wrk with api-orders.lua at 8, 16 and 32
# connections, and stops the gateway. Besides wrk's figures, each line gives the gateway's CPU time per request (the
# process's user + system time from /proc/<pid>/stat over the run, divided by the requests wrk counted): unlike
# requests/s, it hardly moves when other work shares the machine. The system part and the gateway's threads' context
# switches per request (summed over /proc/<pid>/task/*/status) show what hand-offs between threads cost. Needs wrk
# (Debian: apt-get install wrk) and gateway/target/passerelle.jar (./mvnw -pl gateway -am package -DskipTests).
# Run from the project root:
#   gateway/src/test/wrk/api-orders.sh [duration, default 20s]
set -eu
duration=${1:-20s}
jar=${PASSERELLE_BENCH_JAR:-gateway/target/passerelle.jar}
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
# warm-up: long enough for C2 to compile the request path (10 s left the first line measuring the JIT at work)
wrk -t2 -c8 -d"${PASSERELLE_BENCH_WARMUP:-40s}" -s "$script" "http://127.0.0.1:$port" > /dev/null
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$gateway/stat"; }
system_ticks() { awk '{print $15}' "/proc/$gateway/stat"; }
switches() { cat /proc/$gateway/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n}'; }
for c in ${PASSERELLE_BENCH_CONNECTIONS:-8 16 32}; do
  printf 'connections %-3s ' "$c"
  before=$(cpu_ticks); system_before=$(system_ticks); switches_before=$(switches)
  out=$(wrk -t2 -c"$c" -d"$duration" -s "$script" "http://127.0.0.1:$port")
  after=$(cpu_ticks); system_after=$(system_ticks); switches_after=$(switches)
  echo "$out" | awk -v cpu=$((after - before)) -v sys=$((system_after - system_before)) -v hz="$ticks" \
    -v sw=$((switches_after - switches_before)) '/Requests\/sec/ {rps=$2} /^requests/ {line=$0; n=$2+0}
    END {printf "%8.0f req/s  %s, server CPU %.3f ms/request (system %.3f), %.1f context switches/request\n",
      rps, line, n ? cpu * 1000 / hz / n : 0, n ? sys * 1000 / hz / n : 0, n ? sw / n : 0}'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
