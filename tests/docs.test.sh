#!/usr/bin/env bash
# The documentation holds up on its own: no page points outside the repository (the README once
# pointed to ../shared/contracts), every relative Markdown link reaches a file, and each
# interface page of docs/interfaces names the contract version it follows.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

pages=$(git ls-files --cached --others --exclude-standard -- '*.md' | grep -v node_modules)
outside=$(grep -n '\.\./shared\|shared/contracts' $pages || true)
check "no page points to ../shared" equals "$outside" ""

broken=""
for p in $pages; do
  dir=$(dirname "$p")
  # [text](target): relative targets only (no scheme, no #anchor alone).
  for target in $(grep -o '](\([^)#:]*\)\(#[^)]*\)\?)' "$p" | sed -E 's/^\]\(([^)#]*).*$/\1/' | sort -u); do
    [ -n "$target" ] || continue
    [ -e "$dir/$target" ] || broken+="$p -> $target"$'\n'
  done
done
check "every relative link reaches a file" equals "$broken" ""

for f in events sla-rules http-api websocket import-csv operations-contract; do
  check "docs/interfaces/$f.md names contract version 1.1" grep -q 'contract version 1.1' "docs/interfaces/$f.md"
done

finish
