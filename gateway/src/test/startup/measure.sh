#!/bin/sh
# Start-up time and memory (issue 13, docs/benchmarks.md#start-up-issue-13).
# usage: measure.sh <port> <java arguments...>: starts java with them on a fresh data folder, bound to 127.0.0.1,
# and prints the time until GET / answers 200, the CPU time used by then and the resident memory; then stops it.
port=$1; shift
data=$(mktemp -d)
start=$(date +%s%N)
java "$@" --server.address=127.0.0.1 --server.port=$port --passerelle.emulator.port=0 --passerelle.data-dir=$data > $data/log 2>&1 &
pid=$!
while ! curl -fsS -o /dev/null http://127.0.0.1:$port/ 2>/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -20 $data/log; exit 1; }
  sleep 0.05
done
end=$(date +%s%N)
rss=$(awk "/VmRSS/ {print \$2}" /proc/$pid/status); cpu=$(awk "{print (\$14+\$15)/100}" /proc/$pid/stat)
echo "ready in $(( (end-start)/1000000 )) ms, CPU $cpu s, RSS $((rss/1024)) MiB"
kill $pid; wait $pid 2>/dev/null
rm -rf $data
