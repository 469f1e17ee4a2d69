#!/usr/bin/env bash
# ./sla import FILE.csv: builds first without reading standard input, runs the importer on the
# simulator's classpath against the stack's Kafka port, units and zone, with the file named as
# the caller named it (relative to the caller's directory), and exits with the importer's code.
# Maven and java are stubs: the stub java prints its arguments and exits with $STUB_EXIT.
. "$(dirname "$0")/lib.sh"

stub mvn 'cat >"$SLA_STATE/mvn.stdin"; echo "$*" >>"$SLA_STATE/mvn.calls"'
stub java 'echo "JAVA $*"; exit "${STUB_EXIT:-0}"'

mkdir -p "$T/caller"
code=0
out=$(cd "$T/caller" && printf 'not for the build\n' | PATH="$T/bin:$PATH" SLA_ZONE=Asia/Bangkok "$ROOT/sla" import export.csv --dry-run 2>"$T/stderr") || code=$?
check "a build ran first" test -s "$SLA_STATE/mvn.calls"
check "the build read nothing from standard input" test ! -s "$SLA_STATE/mvn.stdin"
check "the importer ran on the simulator's classpath with the stack's settings and the caller's file" equals "$out" \
  "JAVA -Xmx2g -Xmn1g -XX:+UseParallelGC -Dlog4j2.configurationFile=$ROOT/deploy/log4j2.xml -cp $ROOT/simulator/target/simulator-0.1.0-SNAPSHOT.jar:$ROOT/simulator/target/lib/* vn.sla.sim.importer.ImportMain --bootstrap=localhost:2 --units=$ROOT/deploy/units-sample.csv --zone=Asia/Bangkok --ledger-dir=$SLA_STATE/import $T/caller/export.csv --dry-run"
check "exit 0 when the importer exits 0" equals "$code" 0

code=0
STUB_EXIT=1 sla import /abs/export.csv >/dev/null 2>&1 || code=$?
check "the importer's exit code (1: some rows refused) is the command's" equals "$code" 1
code=0
STUB_EXIT=2 sla import /abs/export.csv >/dev/null 2>&1 || code=$?
check "the importer's exit code (2: file unusable) is the command's" equals "$code" 2

code=0
err=$(sla import 2>&1 >/dev/null) || code=$?
check "without a file: usage, exit 2" equals "$code" 2
check "the usage names the command" contains "$err" "./sla import FILE.csv"

# While an import runs, the job's scheduling group (its own session, as ./sla starts it) yields
# to the importer with a nice of 10, and has its share back after; a dry run leaves it alone.
if [ -e /proc/self/autogroup ]; then
  mkdir -p "$SLA_STATE/pids"
  # Named as the job's JVM is: ./sla renices only a process that is the job (a stale pid file may
  # name any other).
  setsid bash -c 'exec -a SlaJobMain sleep 300' </dev/null >/dev/null 2>&1 &
  job=$!
  STARTED_PIDS+=("$job")
  setsid sleep 300 </dev/null >/dev/null 2>&1 &
  other=$!
  STARTED_PIDS+=("$other")
  for p in "$job" "$other"; do
    for _ in $(seq 100); do
      [ "$(cut -d' ' -f1 "/proc/$p/autogroup" 2>/dev/null)" != "$(cut -d' ' -f1 /proc/self/autogroup)" ] \
        && grep -qa sleep "/proc/$p/cmdline" 2>/dev/null && break
      sleep 0.05
    done
  done
  echo "$other" >"$SLA_STATE/pids/job.pid"
  stub java 'cat "/proc/$(cat "$SLA_STATE/pids/job.pid")/autogroup"'
  during=$(sla import /abs/export.csv 2>/dev/null)
  check "a pid file naming another process: that process is left alone" contains "$during" " nice 0"
  echo "$job" >"$SLA_STATE/pids/job.pid"
  during=$(sla import /abs/export.csv 2>/dev/null)
  check "during the import the job's group has a nice of 10" contains "$during" " nice 10"
  check "after it, the job's group has its nice back" contains "$(cat "/proc/$job/autogroup")" " nice 0"
  during=$(sla import /abs/export.csv --dry-run 2>/dev/null)
  check "a dry run leaves the job's group alone" contains "$during" " nice 0"
  during=$(SLA_IMPORT_JOB_NICE=0 sla import /abs/export.csv 2>/dev/null)
  check "SLA_IMPORT_JOB_NICE=0 leaves the job's group alone" contains "$during" " nice 0"
  code=0
  err=$(SLA_IMPORT_JOB_NICE=high sla import /abs/export.csv 2>&1 >/dev/null) || code=$?
  check "a nice that is not 0-19 stops the command" test "$code" -ne 0
  check "and says which setting" contains "$err" "SLA_IMPORT_JOB_NICE=high"
fi

finish
