#!/usr/bin/env bash
# Runs a command of the project with the settings npm start runs the apps with: a local .env, then
# this machine's token secrets from .data/secrets.env (generated on first use). Variables already
# in the environment win. The npm scripts that run the CLIs, the benches and the apps go through
# it, so they work in a checkout where only npm start was run.
set -eEuo pipefail
source "$(dirname "$0")/lib/environment.sh"
report_failures

load_dot_env
ensure_node
ensure_local_secrets
exec "$@"
