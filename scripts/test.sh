#!/usr/bin/env bash
# npm test: every check and test the project has — lint, types, the build (the console's too), then
# jest's unit and integration projects against the real PostgreSQL and Redis (each run in its own
# database and Redis key prefix, removed at the end), the console's in Chromium. Extra arguments
# go to jest.
set -eEuo pipefail
source "$(dirname "$0")/lib/environment.sh"
report_failures

ensure_node
ensure_dependencies
ensure_services
ensure_chromium

cd "$PROJECT_ROOT"
npm run --silent lint
npm run --silent build
npm run --silent jest -- "$@"
