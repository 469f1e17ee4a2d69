#!/usr/bin/env bash
# ./sla reset deletes the data and keeps the credentials (users file, demo logins, wall-display
# tokens) unless --credentials is given; it says what it deleted and what it kept; it refuses
# while a part runs. Runs in a temporary state folder (SLA_STATE).
. "$(dirname "$0")/lib.sh"

fill() {
  mkdir -p "$SLA_STATE"/{kafka,influxdb,checkpoints/chk-1,logs,pids,conf,import}
  touch "$SLA_STATE"/kafka/meta.properties "$SLA_STATE"/logs/job.log "$SLA_STATE"/alert-actions.json "$SLA_STATE"/build.stamp
  echo 'admin:ADMIN::hash' >"$SLA_STATE/users.txt"
  echo '  admin  demo-1234  ADMIN' >"$SLA_STATE/demo-logins.txt"
  echo '{"displays":[]}' >"$SLA_STATE/displays.json"
}
data=(kafka influxdb checkpoints logs pids conf alert-actions.json import build.stamp)
credentials=(users.txt demo-logins.txt displays.json)
all_gone() { local f; for f in "$@"; do [ ! -e "$SLA_STATE/$f" ] || { echo "    still there: $f" >&2; return 1; }; done; }
all_there() { local f; for f in "$@"; do [ -e "$SLA_STATE/$f" ] || { echo "    missing: $f" >&2; return 1; }; done; }

fill
out=$(sla reset 2>&1)
check "reset deletes the data" all_gone "${data[@]}"
check "reset keeps the credentials" all_there "${credentials[@]}"
check "the users file is unchanged" equals "$(cat "$SLA_STATE/users.txt")" "admin:ADMIN::hash"
check "it says what it deleted" contains "$out" "deleted from $SLA_STATE: kafka influxdb checkpoints logs pids conf alert-actions.json import build.stamp"
check "it says what it kept and how to delete it" contains "$out" "kept the credentials: users.txt demo-logins.txt displays.json (./sla reset --credentials"

out=$(sla reset 2>&1)
check "a second reset has nothing to delete" contains "$out" "nothing to delete"

fill
out=$(sla reset --credentials 2>&1)
check "reset --credentials deletes the data" all_gone "${data[@]}"
check "reset --credentials deletes the credentials" all_gone "${credentials[@]}"
check "it names them among the deleted" contains "$out" "users.txt demo-logins.txt displays.json"

fill
if out=$(sla reset --everything 2>&1); then fail "an unknown option is refused"; else ok "an unknown option is refused"; fi
check "... naming it, and deleting nothing" all_there "${data[@]}" "${credentials[@]}"
check "... the message names the option" contains "$out" "unknown option --everything"

fake_running job
if out=$(sla reset --credentials 2>&1); then fail "reset refuses while a part runs"; else ok "reset refuses while a part runs"; fi
check "... and deletes nothing" all_there kafka influxdb checkpoints "${credentials[@]}"
check "... saying why" contains "$out" "./sla down first"

finish
