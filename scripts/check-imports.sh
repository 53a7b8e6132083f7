#!/usr/bin/env bash
# Fails when a package imports one above it: every import points down the
# table below (a room may import its own packages and lower layers, never a
# higher one or another room of its own layer). The mock is a house of its
# own: it imports none of the provider's packages, and only the test support
# imports it. A package the table does not place is a failure too, so a new
# package is given its layer on purpose. Test files are not checked: tests may
# import the mock and the test support from any layer.
set -euo pipefail
cd "$(dirname "$0")/.."

# layer PACKAGE: prints "RANK ROOM" for a package path relative to the module.
layer() {
  case "$1" in
    internal/fakeclock) echo "0 fakeclock" ;; # a clock for tests; imports nothing
    # Test support for the client's packages: the mock behind a front door.
    internal/didiyun/didiyuntest) echo "6 didiyuntest" ;;
    internal/didiyun | internal/didiyun/*) echo "1 didiyun" ;;
    internal/apidiag) echo "2 apidiag" ;;
    internal/validate) echo "2 validate" ;;
    internal/planned) echo "2 planned" ;;
    internal/conns) echo "3 conns" ;;
    internal/service/*) echo "4 service" ;;
    internal/provider) echo "5 provider" ;;
    # Test support: serves the provider to a real CLI against the mock.
    internal/acctest) echo "6 acctest" ;;
    internal/benchmark) echo "6 benchmark" ;;
    internal/docsnippets) echo "6 docsnippets" ;;
    .) echo "7 main" ;;
    internal/mockserver | internal/mockserver/*) echo "mock mockserver" ;;
    *) echo "? ?" ;;
  esac
}

module=$(go list -m)
listing=$(go list -f '{{.ImportPath}} {{join .Imports " "}}' ./...)
violations=0
report() {
  echo "$1"
  violations=$((violations + 1))
}

while read -r pkg imports; do
  from=${pkg#"$module"}
  from=${from#/}
  from=${from:-.}
  read -r from_rank from_room < <(layer "$from")
  if [ "$from_rank" = "?" ]; then
    report "$from: no layer in scripts/check-imports.sh; add it to the table"
    continue
  fi
  for imp in $imports; do
    case "$imp" in
      "$module" | "$module"/*) ;;
      *) continue ;; # the standard library and other modules
    esac
    to=${imp#"$module"}
    to=${to#/}
    read -r to_rank to_room < <(layer "$to")
    [ "$to_room" = "$from_room" ] && continue
    if [ "$from_room" = mockserver ]; then
      [ "$to_rank" = 0 ] || report "$from imports $to: the mock imports none of the provider's packages"
    elif [ "$to_room" = mockserver ]; then
      case "$from_room" in
        acctest | benchmark | didiyuntest) ;;
        *) report "$from imports $to: only the test support (acctest, benchmark, didiyuntest) imports the mock" ;;
      esac
    elif [ "$to_rank" = "?" ]; then
      report "$from imports $to: $to has no layer in scripts/check-imports.sh; add it to the table"
    elif [ "$to_rank" -ge "$from_rank" ]; then
      report "$from imports $to: $from_room (layer $from_rank) may import only lower layers; $to_room is layer $to_rank"
    fi
  done
done <<<"$listing"

if [ "$violations" -gt 0 ]; then
  echo "$violations import(s) point up or sideways: see CONTRIBUTING.md, \"The import rule\"" >&2
  exit 1
fi
echo "imports point down: no package imports one above it"
