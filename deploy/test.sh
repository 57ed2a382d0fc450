#!/usr/bin/env bash
# Run the whole test suite: unit, integration and e2e (real Redis, RTSP cameras, ffmpeg).
# Uses SQLite unless DATABASE_URL points at PostgreSQL (CI does). Extra args go to pytest.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$PANTAU_ROOT"

pantau_install_system_packages
pantau_venv
if MEDIAMTX_BIN="$(deploy/build-mediamtx.sh)"; then
  export MEDIAMTX_BIN
else
  pantau_log "MediaMTX is not available (see the message above); no test in this suite needs it yet"
fi
"$PANTAU_VENV/bin/ruff" check .
exec "$PANTAU_VENV/bin/pytest" "$@"
