#!/usr/bin/env bash
# ./sla status: which parts run, the dashboard's address, and from /health whether the job has
# caught up with its input and how far behind the wall clock its progress is. The server is a
# sleeping process behind a pid file, curl a stub answering captured /health bodies.
. "$(dirname "$0")/lib.sh"

out=$(sla status 2>&1)
check "nothing running: each part says so" contains "$out" "sla: server not running"
check "nothing running: no dashboard line" bash -c '! grep -q dashboard <<<"$1"' _ "$out"

fake_running server
# Three hours ago, written in +07:00 as the job writes it (Asia/Ho_Chi_Minh), whatever TZ is here.
hours_ago=$(date -u -d "@$(( $(date +%s) - 3 * 3600 + 7 * 3600 ))" +%Y-%m-%dT%H:%M:%S.250+07:00)
# As DashboardVerticle.health writes it (compact, Vert.x), while replaying history.
cat >"$T/catching.json" <<JSON
{"status":"UP","parts":{"topicReader":{"alive":true,"brokerReachable":true,"lastLoopAgeMillis":12,"lag":3}},"problem":null,"asOf":"2026-11-22T09:00:00+07:00","catchingUp":true,"inputProgress":"2026-11-20T08:15:00+07:00","units":122,"openDossiers":5210,"clients":0}
JSON
cat >"$T/live.json" <<JSON
{"status":"UP","parts":{"topicReader":{"alive":true,"brokerReachable":true,"lastLoopAgeMillis":12,"lag":0}},"problem":null,"asOf":"2026-11-22T09:00:00+07:00","catchingUp":false,"inputProgress":"$hours_ago","units":122,"openDossiers":5210,"clients":3}
JSON
cat >"$T/starting.json" <<JSON
{"status":"STARTING","parts":{"topicReader":{"alive":true,"brokerReachable":false,"lastLoopAgeMillis":12,"lag":0}},"problem":null,"asOf":null,"catchingUp":false,"inputProgress":null,"units":122,"openDossiers":0,"clients":0}
JSON
cat >"$T/zone.json" <<JSON
{"status":"DEGRADED","parts":{},"problem":"the job runs in UTC, this server in Asia/Ho_Chi_Minh","asOf":"2026-11-22T09:00:00+07:00","catchingUp":false,"inputProgress":null,"units":1,"openDossiers":0,"clients":0}
JSON
answer() { stub curl 'for a; do last=$a; done; echo "$last" >>"'"$T"'/curl.urls"; cat "'"$T/$1"'"'; }

answer catching.json
out=$(sla status 2>&1)
check "it asks the dashboard's /health" equals "$(tail -1 "$T/curl.urls")" "http://127.0.0.1:1/health"
check "the dashboard's address" contains "$out" "dashboard   http://localhost:1"
check "the health status" contains "$out" "health      UP"
check "catching up" contains "$out" "job input   catching up"
check "the input's progress and how far behind (days)" contains "$out" "progress    2026-11-20T08:15:00+07:00, "
check "... in days" bash -c 'grep -Eq "progress .*, [0-9]+ days [0-9]+ h behind the wall clock" <<<"$1"' _ "$out"

answer live.json
out=$(sla status 2>&1)
check "caught up" contains "$out" "job input   caught up"
check "three hours behind" contains "$out" "progress    $hours_ago, 3 h 0 min behind the wall clock"

answer starting.json
out=$(sla status 2>&1)
check "starting: the status" contains "$out" "health      STARTING"
check "starting: no clock yet" contains "$out" "no clock from the job yet"

answer zone.json
out=$(sla status 2>&1)
check "a problem is named" contains "$out" "health      DEGRADED (the job runs in UTC, this server in Asia/Ho_Chi_Minh)"
check "no valid event yet" contains "$out" "progress    no valid event yet"

stub curl 'exit 7'
out=$(sla status 2>&1)
check "no answer" contains "$out" "health      no answer from http://127.0.0.1:1/health"

SLA_TLS_CERT=/x SLA_PUBLIC_URL=https://sla.example.gov.vn answer live.json
out=$(SLA_TLS_CERT=/x SLA_PUBLIC_URL=https://sla.example.gov.vn sla status 2>&1)
check "https and the public address" contains "$out" "dashboard   https://localhost:1 (public address: https://sla.example.gov.vn)"

answer live.json
out=$(SLA_HTTP_HOST=10.1.2.3 sla status 2>&1)
check "a server on one address: asked there" equals "$(tail -1 "$T/curl.urls")" "http://10.1.2.3:1/health"
check "... and shown so" contains "$out" "dashboard   http://10.1.2.3:1"
out=$(SLA_HTTP_HOST=0.0.0.0 sla status 2>&1)
check "a server on every address: asked on 127.0.0.1" equals "$(tail -1 "$T/curl.urls")" "http://127.0.0.1:1/health"

finish
