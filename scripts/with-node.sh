#!/usr/bin/env bash
# Runs a command with the Node.js npm start uses (24.9 or later, fetched into .tools/ when this
# machine's is older), and nothing else of the local setup: jest sets its own environment.
set -eEuo pipefail
source "$(dirname "$0")/lib/environment.sh"
report_failures

ensure_node
exec "$@"
