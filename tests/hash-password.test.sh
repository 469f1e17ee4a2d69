#!/usr/bin/env bash
# ./sla hash-password when a build is needed (fresh clone, or right after ./sla reset): the
# build must not read standard input, which is the password. Maven and java are stubs: the
# stub build reads everything on its stdin, as a real Maven or npm may; the stub java prints
# what it was given in place of a hash.
. "$(dirname "$0")/lib.sh"

stub mvn 'cat >"$SLA_STATE/mvn.stdin"; echo "$*" >>"$SLA_STATE/mvn.calls"'
stub java 'IFS= read -r pw || true
[ -n "$pw" ] || { echo "hash-password: give the password on standard input" >&2; exit 2; }
echo "HASH($pw) $*"'

out=$(printf 'correct horse\n' | sla hash-password 2>"$T/stderr") || true
check "a build ran first (no build stamp in a new state folder)" test -s "$SLA_STATE/mvn.calls"
check "the build read nothing from standard input" test ! -s "$SLA_STATE/mvn.stdin"
check "the password reached hash-password, stdout is the hash alone" \
  equals "$out" "HASH(correct horse) -cp $ROOT/dashboard-server/target/dashboard-server-0.1.0-SNAPSHOT.jar:$ROOT/dashboard-server/target/lib/* vn.sla.server.ServerMain hash-password"
check "the build's progress went to stderr" contains "$(cat "$T/stderr")" "building"

finish
