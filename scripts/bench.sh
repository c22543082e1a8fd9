#!/usr/bin/env bash
# Builds waba-transport and runs its load benchmark with the repository's
# default settings: SQLite, the pass-through and outbound always, PostgreSQL
# (one and two replicas) too when WABA_TEST_POSTGRES_URL is set. The table
# goes to stdout, progress to stderr. Extra arguments go to `bench`, e.g.
#   scripts/bench.sh -n 5000 -json
#   scripts/bench.sh -scenarios inbound-sqlite,passthrough -check
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${TMPDIR:-/tmp}/waba-transport-bench-$$"
trap 'rm -f "$bin"' EXIT
CGO_ENABLED=0 go build -o "$bin" ./cmd/waba-transport

args=()
if [ -n "${WABA_TEST_POSTGRES_URL:-}" ]; then
  args+=(-postgres "$WABA_TEST_POSTGRES_URL")
fi
"$bin" bench "${args[@]}" "$@"
