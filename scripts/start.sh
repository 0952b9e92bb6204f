#!/usr/bin/env bash
# npm start: the whole system on this machine. Installs what is missing, starts PostgreSQL and
# Redis where they are installed locally, migrates the database, loads the demo program, then runs
# the three apps and the console until Ctrl-C, which stops them gracefully. Variables from a local .env apply where
# the environment does not set them.
set -eEuo pipefail
source "$(dirname "$0")/lib/environment.sh"
report_failures
cd "$PROJECT_ROOT"

load_dot_env

ensure_node
ensure_dependencies
ensure_services
ensure_local_secrets

say "building"
npm run --silent build
say "migrating the database"
node dist/libs/persistence/src/cli/database.cli.js migrate
node dist/libs/persistence/src/cli/database.cli.js seed-demo
node dist/apps/card-issuance/src/cli/card-issuance.cli.js seed-demo
node dist/apps/points-ledger/src/cli/points-ledger.cli.js seed-demo

# The console's gateway forwards each person's address; on this machine it runs on loopback, so the
# apps believe loopback's X-Forwarded-For and count sign-ins per person, not per gateway.
export TRUST_PROXY="${TRUST_PROXY:-loopback}"

APPS=(points-ledger card-issuance value-scoring-worker console)
PORTS=("${POINTS_LEDGER_PORT:-3001}" "${CARD_ISSUANCE_PORT:-3002}" "${VALUE_SCORING_WORKER_PORT:-3003}" "${CONSOLE_PORT:-3004}")
MAINS=(dist/apps/points-ledger/src/main.js dist/apps/card-issuance/src/main.js dist/apps/value-scoring-worker/src/main.js dist/apps/console/server/main.js)
PIDS=()

stop_apps() {
  trap - INT TERM
  say "stopping the apps"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  local status=0
  for pid in "${PIDS[@]}"; do wait "$pid" || status=$?; done
  say "stopped"
  exit "$status"
}
trap stop_apps INT TERM

for main in "${MAINS[@]}"; do
  node --enable-source-maps "$main" &
  PIDS+=($!)
done

host="${HTTP_HOST:-127.0.0.1}"
[ "$host" = "0.0.0.0" ] && host=127.0.0.1
for i in "${!APPS[@]}"; do
  url="http://$host:${PORTS[$i]}/health/ready"
  node -e '
    const [url, deadline] = [process.argv[1], Date.now() + 60000];
    (async function poll() {
      try { if ((await fetch(url)).status === 200) process.exit(0); } catch {}
      if (Date.now() > deadline) { console.error(`not ready: ${url}`); process.exit(1); }
      setTimeout(poll, 250);
    })();' "$url" || stop_apps
done

cat >&2 <<TXT
[loyalty] ready — Ctrl-C stops everything
  points-ledger         http://$host:${PORTS[0]}  (docs: /docs)
  card-issuance         http://$host:${PORTS[1]}  (docs: /docs, demo stores: /v1/stores)
  value-scoring-worker  http://$host:${PORTS[2]}  (admin: /health/ready, /docs, queue board: /admin/queues)
  console               http://$host:${PORTS[3]}  (staff and marketing: sign in with a demo account)
  demo sign-ins         .data/demo-credentials.txt (staff: admin, manager, clerk, marketing; POS API key; members)
  operator, metrics     .data/secrets.env (PLATFORM_OPERATOR_TOKEN: the board's password for user operator; METRICS_TOKEN)
TXT
wait "${PIDS[@]}"
