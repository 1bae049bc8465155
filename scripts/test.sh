#!/usr/bin/env bash
# The whole test suite: lint, types, and pytest against SQLite and a real Neo4j.
# Starts the local Neo4j (scripts/neo4j.sh) if none is running and stops it
# again at the end; the Neo4j tests are required, never skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=.venv/bin

started_neo4j=0
cleanup() { if [ "$started_neo4j" = 1 ]; then scripts/neo4j.sh stop || true; fi; }
trap cleanup EXIT

if [ -z "${STAKEGRAPH_TEST_NEO4J_URL:-}" ] && ! scripts/neo4j.sh status 2>/dev/null; then
  scripts/neo4j.sh start
  started_neo4j=1
fi

scripts/browser.sh  # Debian's Chromium and CJK fonts for the browser tests

echo "== ruff"; "$bin/ruff" check .
echo "== mypy"; "$bin/mypy"
echo "== pytest"
STAKEGRAPH_REQUIRE_NEO4J=1 "$bin/pytest" "$@"
# Two workers behave as one (issue 23): the access, import and web suites once more,
# over HTTP against a live `serve --workers 2` on each store (tests/workers.py).
echo "== pytest against 2 workers"
STAKEGRAPH_REQUIRE_NEO4J=1 STAKEGRAPH_TEST_WORKERS=2 "$bin/pytest" -q \
  tests/api/test_trust_boundary.py tests/api/test_web_access.py tests/api/test_users_api.py \
  tests/api/test_api.py tests/api/test_uploads.py tests/api/test_activity_api.py \
  tests/api/test_persisted_analysis.py tests/web
# Smoke runs of every benchmark so none can rot (timings are printed, not asserted).
echo "== benchmark smoke"
smoke=$(mktemp -d)
"$bin/python" -m bench.analyze --sizes 50 --repeat 1 --output "$smoke/analyze.json"
"$bin/python" -m bench.importing --people 200 --naive-rows 50 --memory-people 100 --ratio-people 100 --output "$smoke/importing.json"
"$bin/python" -m bench.portfolio --accounts 3 --people 20 --output "$smoke/portfolio.json"
"$bin/python" -m bench.map --sizes 50 --repeat 1 --naive-cap 5 --output "$smoke/map.json"
"$bin/python" -m bench.api --clients 4 --seconds 1 --output "$smoke/api.json"
"$bin/python" -m bench.activity --messages 300 --people 20 --repeat 1 --output "$smoke/activity.json"
"$bin/python" -m bench.deals --sizes 30 --committee 8 --accounts 2 --repeat 1 --output "$smoke/deals.json"
"$bin/python" -m bench.summary --results "$smoke"
