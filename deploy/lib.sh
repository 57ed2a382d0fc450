# Shared by deploy/demo.sh, deploy/test.sh and .ci/run: system packages and the venv.
# shellcheck shell=bash

PANTAU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PANTAU_VENV="${PANTAU_VENV:-$PANTAU_ROOT/.venv}"

# Debian packages the project needs at run and test time.
PANTAU_APT_PACKAGES=(
  redis-server ffmpeg postgresql gettext
  gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-tools
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
)

pantau_log() { printf '\033[1;34m[pantau]\033[0m %s\n' "$*" >&2; }
pantau_die() { printf '\033[1;31m[pantau] error:\033[0m %s\n' "$*" >&2; exit 1; }

pantau_install_system_packages() {
  local missing=()
  for pkg in "${PANTAU_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || pantau_die "missing Debian packages: ${missing[*]}. Install them as root: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi
  pantau_log "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || pantau_die "apt-get install failed for: ${missing[*]}"
}

pantau_python() {
  local candidate
  for candidate in "${PANTAU_PYTHON:-}" python3.11 python3; do
    [[ -n "$candidate" ]] || continue
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  pantau_die "Python 3.11 is needed (Debian 12: apt-get install python3.11 python3.11-venv), or set PANTAU_PYTHON"
}

pantau_venv() {
  local stamp="$PANTAU_VENV/.pantau-installed"
  if [[ ! -x "$PANTAU_VENV/bin/python" ]]; then
    pantau_log "creating the Python environment in $PANTAU_VENV"
    "$(pantau_python)" -m venv "$PANTAU_VENV" || pantau_die "could not create a venv (Debian: apt-get install python3.11-venv)"
  fi
  if [[ ! -f "$stamp" || "$PANTAU_ROOT/pyproject.toml" -nt "$stamp" ]]; then
    pantau_log "installing Python dependencies"
    local log="$PANTAU_VENV/pip-install.log"
    { "$PANTAU_VENV/bin/pip" install --upgrade pip && "$PANTAU_VENV/bin/pip" install -e "$PANTAU_ROOT[dev]"; } >"$log" 2>&1 \
      || { tail -n 30 "$log" >&2; pantau_die "installing the Python dependencies failed (full log: $log)"; }
    touch "$stamp"
  fi
  # Translations: the .mo files are built here, not committed. compilemessages searches
  # the working directory for locale/ folders, hence the cd.
  (cd "$PANTAU_ROOT" \
    && "$PANTAU_VENV/bin/python" "$PANTAU_ROOT/manage.py" compilemessages -v0 --ignore=.venv) \
    || pantau_die "compilemessages failed (Debian: apt-get install gettext)"
}
