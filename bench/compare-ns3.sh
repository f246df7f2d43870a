#!/bin/sh
# compare-ns3.sh: netsketch-cli run (as shipped: recording on, the trace
# written) and ns-3 3.37 (bench/ns3-dumbbell.cc) on the same dumbbells, side
# by side: wall time, peak memory (GNU time's maximum resident set size)
# and finished transfers. Also times router trees and a switched LAN.
#
#   bench/compare-ns3.sh [BUILD_DIR]      (default: build)
#
# Needs python3 and /usr/bin/time; ns-3 rows need libns3-dev and g++
# (the program is compiled into BUILD_DIR/ns3-dumbbell if missing).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
cli=$build/src/cli/netsketch-cli
ns3=$build/ns3-dumbbell
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$ns3" ] && command -v g++ >/dev/null && [ -d /usr/include/ns3 ]; then
  g++ -O2 -std=c++17 -o "$ns3" "$here/ns3-dumbbell.cc" -lns3-core -lns3-network \
      -lns3-internet -lns3-point-to-point -lns3-applications -lns3-traffic-control || true
fi

measure () {  # label, command...: prints "label wall_s peak_MiB"
  label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > "$tmp/out" 2>&1 || true
  read -r wall kb < "$tmp/time"
  echo "$label $wall $(( kb / 1024 ))"
}

printf '%-28s %8s %8s %9s | %8s %8s %9s\n' dumbbell "ours s" "ours MiB" "ours done" "ns-3 s" "ns-3 MiB" "ns-3 done"
for spec in "20 1000000" "20 10000000" "200 1000000"; do
  set -- $spec
  python3 "$here/make-topology.py" dumbbell "$1" "$2" > "$tmp/db.json"
  set -- $(measure ours "$cli" run "$tmp/db.json" --trace "$tmp/db.jsonl") "$1" "$2"
  ours_wall=$2; ours_mib=$3; n=$4; bytes=$5
  ours_done=$(grep -c "sent and acknowledged" "$tmp/out" || true)
  if [ -x "$ns3" ]; then
    set -- $(measure ns3 "$ns3" --n="$n" --bytes="$bytes")
    ns_wall=$2; ns_mib=$3
    ns_done=$(sed -n 's/.* \([0-9]*\) of \([0-9]*\) transfers complete.*/\1\/\2/p' "$tmp/out")
  else
    ns_wall=-; ns_mib=-; ns_done=-
  fi
  printf '%-28s %8s %8s %6s/%-3s | %8s %8s %9s\n' "$n x $bytes B" "$ours_wall" "$ours_mib" \
         "$ours_done" "$n" "$ns_wall" "$ns_mib" "$ns_done"
done

echo
printf '%-28s %8s %8s\n' "set-up + run" "wall s" "MiB"
for spec in "tree 2000" "tree 10000" "tree 20000" "tree 50000" "lan 20000"; do
  set -- $spec
  python3 "$here/make-topology.py" "$1" "$2" > "$tmp/t.json"
  set -- $(measure x "$cli" run -q "$tmp/t.json") "$1" "$2"
  printf '%-28s %8s %8s\n' "$4 $5" "$2" "$3"
done
