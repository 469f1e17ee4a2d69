#!/usr/bin/env bash
# Events/s of the SLA job on the standalone Flink cluster of ./sla up --cluster, at several
# parallelisms (docs/scaling.md). Needs the cluster stack running (same SLA_* variables as
# for ./sla up --cluster) and the events topic holding a history (e.g. the simulator's
# --backfill-days). For each parallelism: the running jobs are cancelled, the cluster jar is
# submitted afresh (no checkpoint: it reads the whole topic from the beginning), and the records
# into the dossier stage are counted (Flink's REST API) from the first sample that has any
# until they stop growing; the rate is the count over that time.
#   benchmarks/cluster-scaling.sh [PARALLELISM...]      (default: 1 2 4)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${SLA_STATE:-$ROOT/.state}"
UI="http://127.0.0.1:${SLA_FLINK_UI_PORT:-8081}"
KAFKA_PORT="${SLA_KAFKA_PORT:-9092}"
INFLUX_PORT="${SLA_INFLUX_PORT:-8086}"
VERSION=0.1.0-SNAPSHOT
[ $# -gt 0 ] || set -- 1 2 4
curl -sf "$UI/overview" >/dev/null || { echo "no Flink cluster at $UI (./sla up --cluster)" >&2; exit 1; }

jobs_running() { curl -sf "$UI/jobs/overview" | python3 -c 'import json,sys; print(" ".join(j["jid"] for j in json.load(sys.stdin)["jobs"] if j["state"] in ("RUNNING","CREATED","RESTARTING")))'; }

for p in "$@"; do
  for j in $(jobs_running); do curl -sf -X PATCH "$UI/jobs/$j?mode=cancel" >/dev/null; done
  while [ -n "$(jobs_running)" ]; do sleep 1; done
  out=$(FLINK_CONF_DIR="$STATE/flink-conf" java -Xmx512m "@$ROOT/deploy/flink/jvm.options" -Dlog4j2.configurationFile="$ROOT/deploy/log4j2.xml" \
    -cp "$ROOT/deploy/flink-runtime/target/lib/*" org.apache.flink.client.cli.CliFrontend run -d -p "$p" -c vn.sla.jobs.SlaJobMain \
    "$ROOT/stream-jobs/target/stream-jobs-$VERSION-cluster.jar" --bootstrap="localhost:$KAFKA_PORT" --units="${SLA_UNITS:-$ROOT/deploy/units-sample.csv}" \
    --influx-url="http://localhost:$INFLUX_PORT" --event-partitions=4 --group-id="scaling-p$p-$(date +%s)" 2>&1)
  jid=$(grep -o 'JobID [0-9a-f]\{32\}' <<<"$out" | cut -d' ' -f2)
  [ -n "$jid" ] || { echo "$out" >&2; exit 1; }
  # Records into the dossier stage (Flink's read-records of that vertex, at most a second old:
  # metrics.fetcher.update-interval), sampled every second until they stop growing for 15 s.
  first="" first_n=0 last_n=-1 last_change="" since=$(date +%s)
  while :; do
    [ $(($(date +%s) - since)) -lt 900 ] || { echo "parallelism $p: still reading after 900 s (job $jid)" >&2; exit 1; }
    now=$(date +%s.%N)
    n=$(curl -sf "$UI/jobs/$jid" | python3 -c '
import json,sys
j=json.load(sys.stdin)
print(next(v["metrics"]["read-records"] for v in j["vertices"] if v["name"].startswith("Dossier lifecycle")))' || echo 0)
    if [ "$n" -gt 0 ] && [ -z "$first" ]; then first=$now first_n=$n; fi
    if [ "$n" != "$last_n" ]; then last_n=$n last_change=$now; fi
    if [ -n "$first" ] && python3 -c "import sys; sys.exit(0 if $now - $last_change > 15 else 1)"; then break; fi
    sleep 1
  done
  python3 -c "
n, fn, f, l = $last_n, $first_n, $first, $last_change
print(f'parallelism $p: {n} records into the dossier stage, {n - fn} of them in {l - f:.1f} s: {(n - fn) / (l - f):.0f} events/s')" \
    | tee -a "$STATE/cluster-scaling.txt"
done
