# shellcheck shell=bash
# Shared by scripts/start.sh, scripts/test.sh and .ci/run: makes sure this machine has what the
# project needs — Node.js 24, the npm dependencies, a reachable PostgreSQL and Redis — starting or
# fetching what it can and saying exactly what to install where it cannot.

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REQUIRED_NODE_VERSION="$(tr -d '[:space:]' < "$PROJECT_ROOT/.node-version")"

say() { printf '[loyalty] %s\n' "$*" >&2; }
die() { printf '[loyalty] error: %s\n' "$*" >&2; exit 1; }

# Jest loads NestJS 12 (ESM-only) from CommonJS tests through require(esm), which Jest supports
# from Node.js 24.9 on; see docs/decisions/0002-node-24-and-esm-dependencies.md.
node_is_recent_enough() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
             process.exit(major > 24 || (major === 24 && minor >= 9) ? 0 : 1)'
}

ensure_node() {
  node_is_recent_enough && return 0
  local target="$PROJECT_ROOT/.tools/node-v$REQUIRED_NODE_VERSION"
  if [ ! -x "$target/bin/node" ]; then
    command -v npm >/dev/null 2>&1 ||
      die "Node.js is not installed. Install Node.js 24 LTS (https://nodejs.org/en/download) and run this again."
    local os arch
    case "$(uname -s)" in
      Linux) os=linux ;;
      Darwin) os=darwin ;;
      *) die "Node.js $(node -v) is older than 24.9. Install Node.js 24 LTS and run this again." ;;
    esac
    case "$(uname -m)" in
      x86_64 | amd64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) die "Node.js $(node -v) is older than 24.9. Install Node.js 24 LTS and run this again." ;;
    esac
    say "Node.js $(node -v) is older than 24.9: fetching Node.js $REQUIRED_NODE_VERSION (npm package node-$os-$arch) into .tools/"
    local scratch
    scratch="$(mktemp -d)"
    (cd "$scratch" && npm pack --silent "node-$os-$arch@$REQUIRED_NODE_VERSION" >/dev/null) ||
      die "could not fetch node-$os-$arch@$REQUIRED_NODE_VERSION; install Node.js 24 LTS and run this again."
    tar -xzf "$scratch"/*.tgz -C "$scratch"
    mkdir -p "$target"
    cp -R "$scratch/package/." "$target/"
    rm -rf "$scratch"
  fi
  export PATH="$target/bin:$PATH"
  node_is_recent_enough || die "the Node.js in $target does not run on this machine; install Node.js 24 LTS."
}

ensure_dependencies() {
  cd "$PROJECT_ROOT" || exit 1
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

port_is_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

wait_for_port() {
  local host="$1" port="$2" name="$3" waited=0
  until port_is_open "$host" "$port"; do
    waited=$((waited + 1))
    [ "$waited" -ge 60 ] && die "$name did not open $host:$port within 30 seconds."
    sleep 0.5
  done
}

is_local_host() {
  case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac
}

start_local_postgres() {
  local port="$1"
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    local version
    for version in $(ls /etc/postgresql); do
      say "starting PostgreSQL $version (pg_ctlcluster)"
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    return 0
  fi
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    local data="$PROJECT_ROOT/.data/postgres"
    if [ ! -f "$data/PG_VERSION" ]; then
      say "creating a local PostgreSQL cluster in .data/postgres"
      initdb --username=postgres --auth=trust --encoding=UTF8 "$data" >/dev/null
    fi
    say "starting the local PostgreSQL cluster on port $port"
    pg_ctl --pgdata="$data" --log="$PROJECT_ROOT/.data/postgres.log" \
      --options="-p $port -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
    return 0
  fi
  return 1
}

# As BullMQ needs it in production: an append-only file (a restart keeps the queues) and no
# eviction (a full Redis refuses writes instead of dropping jobs).
start_local_redis() {
  local port="$1" dir="$PROJECT_ROOT/.data/redis"
  command -v redis-server >/dev/null 2>&1 || return 1
  mkdir -p "$dir"
  say "starting Redis on port $port (append-only file in .data/redis)"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --dir "$dir" --save "" \
    --appendonly yes --appendfsync everysec --maxmemory-policy noeviction >/dev/null
}

# A Redis that was already running may forget the queues on a restart: say so, and how to fix it.
warn_about_redis_durability() {
  local host="$1" port="$2" aof
  command -v redis-cli >/dev/null 2>&1 || return 0
  aof="$(redis-cli -h "$host" -p "$port" ${REDIS_PASSWORD:+-a "$REDIS_PASSWORD"} --no-auth-warning \
    config get appendonly 2>/dev/null | tail -n 1)"
  if [ "$aof" = "no" ]; then
    say "warning: the Redis at $host:$port runs without an append-only file, so a restart loses queued jobs. To keep them: redis-cli -p $port config set appendonly yes"
  fi
  return 0
}

ensure_services() {
  local pg_host="${DATABASE_HOST:-127.0.0.1}" pg_port="${DATABASE_PORT:-5432}"
  local redis_host="${REDIS_HOST:-127.0.0.1}" redis_port="${REDIS_PORT:-6379}"

  if ! port_is_open "$pg_host" "$pg_port"; then
    if is_local_host "$pg_host" && start_local_postgres "$pg_port"; then
      wait_for_port "$pg_host" "$pg_port" PostgreSQL
    else
      die "PostgreSQL is not reachable at $pg_host:$pg_port. Install PostgreSQL 15 or newer (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@17), or set DATABASE_HOST, DATABASE_PORT, DATABASE_USER and DATABASE_PASSWORD to a running server."
    fi
  fi

  if ! port_is_open "$redis_host" "$redis_port"; then
    if is_local_host "$redis_host" && start_local_redis "$redis_port"; then
      wait_for_port "$redis_host" "$redis_port" Redis
    else
      die "Redis is not reachable at $redis_host:$redis_port. Install Redis 7 or newer (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), or set REDIS_HOST, REDIS_PORT and REDIS_PASSWORD to a running server."
    fi
  else
    warn_about_redis_durability "$redis_host" "$redis_port"
  fi
}

# Secrets are never in the repository: on a developer machine the token signing secrets, the
# voucher code secret, the platform operator's token and the metrics token are generated once into .data/secrets.env
# (git-ignored) and reused, so that tokens survive a restart. Values already in the environment
# (or .env) win; it says which source each secret came from.
LOCAL_SECRETS=(STAFF_TOKEN_SECRET MEMBER_TOKEN_SECRET VOUCHER_CODE_SECRET PLATFORM_OPERATOR_TOKEN METRICS_TOKEN)
ensure_local_secrets() {
  local file="$PROJECT_ROOT/.data/secrets.env" name value
  mkdir -p "$PROJECT_ROOT/.data"
  for name in "${LOCAL_SECRETS[@]}"; do
    if [ -n "${!name:-}" ]; then
      case " ${FROM_DOT_ENV:-} " in
        *" $name "*) say "$name: from .env" ;;
        *) say "$name: from the environment" ;;
      esac
    elif ! grep -q "^$name=" "$file" 2>/dev/null; then
      say "generating $name for this machine into .data/secrets.env"
      (
        umask 077
        node -e 'console.log(`${process.argv[1]}=${require("node:crypto").randomBytes(32).toString("base64url")}`)' "$name" >>"$file"
      )
    fi
  done
  [ -f "$file" ] || return 0
  while IFS='=' read -r name value; do
    if [ -n "$name" ] && [ -z "${!name:-}" ]; then
      export "$name=$value"
      say "$name: from .data/secrets.env"
    fi
  done <"$file"
  return 0
}

# The variables of a local .env that the environment does not set already ("#" starts a comment
# line; one pair of quotes around a value is dropped).
load_dot_env() {
  local file="$PROJECT_ROOT/.env" name value
  [ -f "$file" ] || return 0
  while IFS='=' read -r name value || [ -n "$name" ]; do
    case "$name" in '' | \#*) continue ;; esac
    # One pair of quotes around a value is the shell's, not the value's.
    case "$value" in \"*\" | \'*\') value="${value:1:${#value}-2}" ;; esac
    if [ -z "${!name:-}" ]; then
      export "$name=$value"
      FROM_DOT_ENV="${FROM_DOT_ENV:-} $name"
    fi
  done <"$file"
  return 0
}

# The console's browser tests drive a Chromium of the machine's own (CHROMIUM_PATH, by default
# Debian's /usr/bin/chromium); Playwright's browser download is not used.
ensure_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$chromium" ] && return 0
  die "the console's browser tests need Chromium at $chromium. Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary."
}

# A script that stops on an error says which command failed and where, never exits silently.
report_failures() {
  trap 'say "failed (exit $?): $BASH_COMMAND, at ${BASH_SOURCE[0]}:$LINENO"' ERR
}
