#!/usr/bin/env bash
# The include check itself: passes on a tree that follows its matrix, and fails,
# naming the file and line, on a back edge, an unlisted module and a cyclic row.
set -euo pipefail
check=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/check-includes.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
expect() {  # expect PASS|FAIL TEXT: runs the check on $work
  local want=$1 text=$2 out rc=0
  out=$(bash "$check" "$work" 2>&1) || rc=$?
  if [[ $want == PASS && $rc -ne 0 ]] || [[ $want == FAIL && $rc -eq 0 ]] || [[ $out != *"$text"* ]]; then
    echo "FAILED: expected $want with '$text', got rc=$rc: $out"
    fails=$((fails + 1))
  fi
}
matrix() { printf '<!-- include-matrix -->\n%s\n<!-- /include-matrix -->\n' "$1" >"$work/ARCHITECTURE.md"; }

mkdir -p "$work/src/low" "$work/src/high"
matrix $'low:\nhigh: low'
printf '#include "low/a.h"\n#include <vector>\n' >"$work/src/high/b.cpp"
printf '#include "low/a.h"\n' >"$work/src/low/a.cpp"
expect PASS "2 modules: low high"

printf '#include "high/b.h"\n' >"$work/src/low/c.cpp"
expect FAIL "src/low/c.cpp:1: low may not include high"
rm "$work/src/low/c.cpp"

mkdir -p "$work/src/stray"
expect FAIL "src/stray/: a module with no row"
rmdir "$work/src/stray"

matrix $'low: high\nhigh: low'
expect FAIL "low may include high, which is not listed above it"

# An owned third-party header: only its owner may include it.
matrix $'low:\nhigh: low'
printf '<!-- owned-headers -->\ncurl: low\n<!-- /owned-headers -->\n' >>"$work/ARCHITECTURE.md"
printf '#include <curl/curl.h>\n' >"$work/src/low/net.cpp"
expect PASS "2 modules"
printf '#include <curl/curl.h>\n' >"$work/src/high/d.cpp"
expect FAIL "src/high/d.cpp:1: only low/ may include <curl/"
rm "$work/src/high/d.cpp"
printf '<!-- owned-headers -->\ncurl: nowhere\n<!-- /owned-headers -->\n' >>"$work/ARCHITECTURE.md"
expect FAIL "curl is owned by nowhere, which has no row"

((fails == 0)) && echo "check-includes: 7 cases passed"
exit "$fails"
