#!/usr/bin/env bash
# API fuzzing with schemathesis: starts the suite on a fresh data folder (SQLite), loads the
# sample district, and runs schemathesis against every service's OpenAPI document with a few
# generated requests per operation. Fails on any 5xx and on any answer that differs from its
# documented schema. Traffic goes to 127.0.0.1 only.
#
#   bash scripts/fuzz.sh [EXAMPLES]      # default 5 examples per operation
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
examples=${1:-5}
command -v st >/dev/null || python3 -m pip install --quiet --disable-pip-version-check schemathesis
swift build --product youyue >&2
bin=$(swift build --show-bin-path)
data=$(mktemp -d)
"$bin/youyue" up --data "$data" >"$data/up.log" 2>&1 &
suite=$!
trap 'kill $suite 2>/dev/null; wait $suite 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do grep -q "is ready" "$data/up.log" 2>/dev/null && break; sleep 0.5; done
"$bin/youyue" seed --data "$data" >&2
token=$("$bin/youyue" token --role admin --subject fuzz --data "$data" | tail -n1)
status=0
for port in 8081 8082 8083 8084 8085; do
  echo "fuzz.sh: http://127.0.0.1:$port" >&2
  st run "http://127.0.0.1:$port/openapi.json" -H "Authorization: Bearer $token" \
     --checks not_a_server_error,response_schema_conformance --max-examples "$examples" --workers 1 || status=1
done
exit $status
