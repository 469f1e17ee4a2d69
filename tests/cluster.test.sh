#!/usr/bin/env bash
# ./sla up --cluster / demo --cluster: options, the Flink processes in status and down, and
# deploy/flink/flink-process refusing what it cannot start. Nothing real is started: the
# processes are sleeping stand-ins behind pid files, curl a stub for Flink's REST API.
. "$(dirname "$0")/lib.sh"

if out=$(sla up --clustre 2>&1); then fail "an unknown option of up is refused"; else ok "an unknown option of up is refused"; fi
check "... naming it and --cluster" contains "$out" "unknown option --clustre (--cluster:"
if out=$(sla demo --bogus 2>&1); then fail "an unknown option of demo is refused"; else ok "an unknown option of demo is refused"; fi

out=$(sla status 2>&1)
check "without the cluster, status names no Flink process" bash -c '! grep -q flink <<<"$1"' _ "$out"

stub curl 'case "$*" in *"/jobs/overview"*) echo "{\"jobs\":[{\"jid\":\"x\",\"state\":\"RUNNING\"}]}" ;; *) exit 7 ;; esac'
for p in flink-jobmanager flink-taskmanager-1 flink-taskmanager-2; do fake_running "$p"; done
out=$(sla status 2>&1)
check "status names each Flink process" contains "$out" "sla: flink-taskmanager-2 running"
check "... and the job's state on the cluster" contains "$out" "sla: job on the Flink cluster: RUNNING"

tm=$(cat "$SLA_STATE/pids/flink-taskmanager-1.pid")
out=$(sla down 2>&1)
check "down stops the TaskManagers and the JobManager" contains "$out" "stopped flink-jobmanager"
check "... the processes are gone" bash -c '! kill -0 "$1" 2>/dev/null' _ "$tm"
check "... and their pid files" bash -c '! ls "$1"/pids/flink-* >/dev/null 2>&1' _ "$SLA_STATE"

if out=$("$ROOT/deploy/flink/flink-process" nodemanager "$T" 2>&1); then fail "flink-process refuses an unknown kind"; else ok "flink-process refuses an unknown kind"; fi
if out=$("$ROOT/deploy/flink/flink-process" taskmanager "$T" 2>&1); then fail "flink-process needs a config.yaml"; else ok "flink-process needs a config.yaml"; fi
check "... and says where it looked" contains "$out" "no config.yaml in $T"

finish
