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
anon=$(awk "/RssAnon/ {print \$2}" /proc/$pid/status); file=$(awk "/RssFile/ {print \$2}" /proc/$pid/status)
echo "ready in $(( (end-start)/1000000 )) ms, CPU $cpu s, RSS $((rss/1024)) MiB (anon $((anon/1024)), file $((file/1024)))"
# with PASSERELLE_THREAD_CPU=1: the CPU so far by thread name (JIT compilers, main, GC...)
if [ -n "${PASSERELLE_THREAD_CPU:-}" ]; then
  for t in /proc/$pid/task/*; do
    awk -v n="$(tr ' ' '_' < $t/comm | sed 's/[0-9#]*$//')" '{print n, ($14+$15)/100}' $t/stat 2>/dev/null
  done | awk '{s[$1]+=$2} END {for (k in s) if (s[k] > 0.05) printf "  %-24s %.2f s\n", k, s[k]}'
fi
kill $pid; wait $pid 2>/dev/null
rm -rf $data
