#!/usr/bin/env bash
# Run the whole demo: Redis, simulated cameras, Celery worker and beat, the portal.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$PANTAU_ROOT"
pantau_install_system_packages
pantau_venv
exec "$PANTAU_VENV/bin/python" deploy/demo.py "$@"
