# Shared by the tests of ./sla itself: a temporary state folder, stub commands on PATH,
# and assertions. Sourced by each tests/*.test.sh; nothing here starts the real stack.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
T="$(mktemp -d "${TMPDIR:-/tmp}/sla-test.XXXXXX")"
STARTED_PIDS=()
cleanup() {
  local p
  for p in "${STARTED_PIDS[@]+"${STARTED_PIDS[@]}"}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/bin" "$T/state"
# Each ./sla run gets the temporary state folder and ports nobody listens on.
export SLA_STATE="$T/state" SLA_HTTP_PORT=1 SLA_KAFKA_PORT=2 SLA_INFLUX_PORT=3 SLA_FLINK_UI_PORT=4

failures=0
fail() { printf '  FAIL %s\n' "$*" >&2; failures=$((failures + 1)); }
ok() { printf '  ok   %s\n' "$*"; }
check() { # description command...
  local what=$1; shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}
contains() { # haystack needle
  case "$1" in *"$2"*) return 0 ;; *) printf '    expected to find: %s\n    in: %s\n' "$2" "$1" >&2; return 1 ;; esac
}
equals() { # actual expected
  [ "$1" = "$2" ] || { printf '    expected: %s\n    actual:   %s\n' "$2" "$1" >&2; return 1; }
}

# stub NAME SCRIPT: a command NAME on PATH ahead of the real one.
stub() {
  printf '#!/usr/bin/env bash\n%s\n' "$2" >"$T/bin/$1"
  chmod +x "$T/bin/$1"
}
sla() { PATH="$T/bin:$PATH" "$ROOT/sla" "$@"; }

# A process that looks like a running part to ./sla (its pid file names a live process).
fake_running() { # part
  mkdir -p "$SLA_STATE/pids"
  sleep 300 </dev/null >/dev/null 2>&1 &
  STARTED_PIDS+=("$!")
  echo "$!" >"$SLA_STATE/pids/$1.pid"
}

finish() {
  if [ "$failures" -gt 0 ]; then printf '%s: %d check(s) failed\n' "$(basename "$0")" "$failures" >&2; exit 1; fi
}
