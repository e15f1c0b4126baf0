#!/usr/bin/env bash
# Checks the layering rule of ARCHITECTURE.md: every `#include "MODULE/…"` in
# src/ names the file's own module or one its row of the include matrix allows.
# The matrix lists modules bottom-up and a row may only name modules listed
# above it, so the folders form no cycle. Every folder under src/ needs a row.
# Third-party headers listed between the owned-headers markers ("library:
# module") may only be included (`#include <library/…>`) by that module.
# Run by CTest (layout.includes); exits 1 naming each offending line.
# Usage: check-includes.sh [ROOT]   (default: this repository)
set -euo pipefail
cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}"

# The lines of ARCHITECTURE.md between <!-- NAME --> and <!-- /NAME -->.
block() {
  local line in_block=0
  while IFS= read -r line; do
    case $line in
      "<!-- $1 -->") in_block=1; continue ;;
      "<!-- /$1 -->") in_block=0; continue ;;
    esac
    ((in_block)) && printf '%s\n' "$line"
  done <ARCHITECTURE.md
  return 0
}

declare -A allowed=()
order=()
# The rows of the matrix: "module: allowed modules…".
while IFS= read -r line; do
  [[ $line =~ ^([a-z_]+):(.*)$ ]] || continue
  module=${BASH_REMATCH[1]}
  deps=${BASH_REMATCH[2]}
  deps=${deps//,/ }
  for d in $deps; do
    if [[ -z ${allowed[$d]+x} ]]; then
      echo "ARCHITECTURE.md: $module may include $d, which is not listed above it (a cycle or a typo)" >&2
      exit 1
    fi
  done
  allowed[$module]=" $deps "
  order+=("$module")
done < <(block include-matrix)
((${#order[@]})) || { echo "ARCHITECTURE.md: no include matrix found" >&2; exit 1; }

declare -A owner=()
while IFS= read -r line; do
  [[ $line =~ ^([A-Za-z0-9_+.-]+):\ *([a-z_]+)$ ]] || continue
  if [[ -z ${allowed[${BASH_REMATCH[2]}]+x} ]]; then
    echo "ARCHITECTURE.md: ${BASH_REMATCH[1]} is owned by ${BASH_REMATCH[2]}, which has no row in the include matrix" >&2
    exit 1
  fi
  owner[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
done < <(block owned-headers)

status=0
for dir in src/*/; do
  module=$(basename "$dir")
  if [[ -z ${allowed[$module]+x} ]]; then
    echo "src/$module/: a module with no row in ARCHITECTURE.md's include matrix" >&2
    status=1
    continue
  fi
  while IFS=: read -r file lineno text; do
    [[ $text =~ \#include\ \"([a-z_]+)/ ]] || continue
    target=${BASH_REMATCH[1]}
    [[ $target == "$module" || ${allowed[$module]} == *" $target "* ]] && continue
    echo "$file:$lineno: $module may not include $target ($text); allowed:${allowed[$module]}" >&2
    status=1
  done < <(grep -rn '^#include "' "$dir" || true)
  while IFS=: read -r file lineno text; do
    [[ $text =~ \#include\ \<([^/\>]+)/ ]] || continue
    lib=${BASH_REMATCH[1]}
    [[ -n ${owner[$lib]+x} && ${owner[$lib]} != "$module" ]] || continue
    echo "$file:$lineno: only ${owner[$lib]}/ may include <$lib/…> ($text)" >&2
    status=1
  done < <(grep -rn '^#include <' "$dir" || true)
done
((status == 0)) && echo "includes follow ARCHITECTURE.md (${#order[@]} modules: ${order[*]})"
exit "$status"
