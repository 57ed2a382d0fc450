#!/usr/bin/env bash
# Print the path of a MediaMTX v1.5.1 binary, building it once if needed.
#
#   bin="$(deploy/build-mediamtx.sh)"
#
# Order: $MEDIAMTX_BIN, then the cached build in ${PANTAU_CACHE_DIR:-~/.cache/pantau},
# then `go build` of the wrapper module in deploy/mediamtx (see DESIGN.md: v1.5.1's
# replace directives stop `go install module@version`). stdout carries only the path;
# everything else goes to stderr. Exit 3 means no binary could be provided.
set -euo pipefail

readonly MEDIAMTX_VERSION="v1.5.1"
readonly MODULE="github.com/bluenviron/mediamtx"
readonly FALLBACK_TOOLCHAIN="go1.22.12"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_dir="${PANTAU_CACHE_DIR:-$HOME/.cache/pantau}"
cached_bin="$cache_dir/mediamtx-$MEDIAMTX_VERSION"

fail() {
    printf 'build-mediamtx: %s\n' "$*" >&2
    exit 3
}

# Network and proxy failures, as opposed to compile or link errors: a different
# toolchain cannot fix these, so there is no point in retrying with one.
is_download_failure() {
    grep -qE 'reading https?://|403 Forbidden|404 Not Found|410 Gone|not available|dial tcp|no such host|i/o timeout|connection refused|TLS handshake|proxyconnect|checksum mismatch|SECURITY ERROR|verifying .*module' "$1"
}

if [[ -n "${MEDIAMTX_BIN:-}" ]]; then
    if [[ -f "$MEDIAMTX_BIN" && -x "$MEDIAMTX_BIN" ]]; then
        printf '%s\n' "$MEDIAMTX_BIN"
        exit 0
    fi
    # An explicit override that points nowhere is a mistake to report, not a reason
    # to quietly build something else.
    fail "MEDIAMTX_BIN=$MEDIAMTX_BIN is not an executable file. Point it at a MediaMTX $MEDIAMTX_VERSION binary, or unset it to build one."
fi

if [[ -f "$cached_bin" && -x "$cached_bin" ]]; then
    printf '%s\n' "$cached_bin"
    exit 0
fi

command -v go >/dev/null 2>&1 \
    || fail "the 'go' command was not found. Install Go (>= 1.21), or set MEDIAMTX_BIN to a MediaMTX $MEDIAMTX_VERSION binary."

mkdir -p "$cache_dir" || fail "cannot create the cache directory $cache_dir. Set PANTAU_CACHE_DIR to a writable directory."

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
# A temporary copy, because -mod=mod writes go.sum and the resolved requirements.
cp "$script_dir/mediamtx/go.mod" "$script_dir/mediamtx/tools.go" "$work_dir/"
log="$work_dir/go-build.log"
# Built next to the cache entry and renamed, so an interrupted build never leaves a
# half-written binary where the next run would trust it.
partial="$cache_dir/.mediamtx-$MEDIAMTX_VERSION.$$.partial"

go_build() {
    # $1: GOTOOLCHAIN value; $2: extra linker flags.
    (
        cd "$work_dir"
        GOTOOLCHAIN="$1" GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=mod \
            go build -trimpath -tags nomsgpack -ldflags "$2" -o "$partial" "$MODULE"
    ) >"$log" 2>&1
}

printf 'build-mediamtx: building MediaMTX %s into %s (first run only)\n' "$MEDIAMTX_VERSION" "$cached_bin" >&2

# Go >= 1.23 refuses v1.5.1's dependencies' //go:linkname uses unless told not to check.
if ! go_build "${GOTOOLCHAIN:-local}" "-checklinkname=0"; then
    if is_download_failure "$log"; then
        rm -f "$partial"
        fail "could not download $MODULE $MEDIAMTX_VERSION (or one of its dependencies) from the Go module proxy ($(go env GOPROXY)):
$(cat "$log")
Set MEDIAMTX_BIN to a MediaMTX $MEDIAMTX_VERSION binary, or make the module reachable (GOPROXY, network access)."
    fi
    first_error="$(cat "$log")"
    printf 'build-mediamtx: the build with %s failed; retrying with GOTOOLCHAIN=%s\n' "$(go env GOVERSION)" "$FALLBACK_TOOLCHAIN" >&2
    # go1.22's linker has no -checklinkname flag (and does not need it).
    if ! go_build "$FALLBACK_TOOLCHAIN" ""; then
        rm -f "$partial"
        fail "could not build $MODULE $MEDIAMTX_VERSION.
With $(go env GOVERSION):
$first_error
With GOTOOLCHAIN=$FALLBACK_TOOLCHAIN:
$(cat "$log")
Set MEDIAMTX_BIN to a MediaMTX $MEDIAMTX_VERSION binary, or fix the Go toolchain (Go 1.21 or 1.22 builds it as released)."
    fi
fi

mv -f "$partial" "$cached_bin"
printf '%s\n' "$cached_bin"
