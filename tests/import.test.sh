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

finish
