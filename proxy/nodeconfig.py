"""The configuration file of one MediaMTX node, rendered from deploy/mediamtx.yml.tmpl.

Every port is a parameter so that several nodes (and test runs) can share a machine.
The Control API and the playback server are always bound to 127.0.0.1: neither has
authentication in MediaMTX v1.5.1, and the API echoes camera passwords.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import socket
from pathlib import Path
from string import Template
from typing import Literal

TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "deploy" / "mediamtx.yml.tmpl"

LogLevel = Literal["error", "warn", "info", "debug"]
_LOG_LEVELS: frozenset[str] = frozenset({"error", "warn", "info", "debug"})

# MediaMTX's strftime-like variables; one directory per path below record_dir.
_RECORD_SUFFIX = "%path/%Y-%m-%d_%H-%M-%S-%f"


class PortInUse(RuntimeError):
    """A port a service needs (a MediaMTX node, the demo's portal) is already taken."""

    def __init__(self, host: str, port: int, kind: str) -> None:
        self.host = host
        self.port = port
        self.kind = kind
        super().__init__(
            f"{kind.upper()} port {port} on {host} is already in use. Stop the process "
            f"holding it (e.g. `ss -ltnup 'sport = :{port}'` shows it) or choose another port."
        )


def render_node_config(
    *,
    api_port: int,
    rtsp_port: int,
    hls_port: int,
    webrtc_port: int,
    playback_port: int,
    rtp_port: int,
    rtcp_port: int,
    auth_hook_url: str,
    record_dir: str | os.PathLike[str],
    log_level: LogLevel = "warn",
    webrtc_enabled: bool = True,
    webrtc_udp_port: int | None = None,
) -> str:
    """Return the YAML text of a node's mediamtx.yml.

    `rtp_port` (even) and `rtcp_port` (`rtp_port + 1`) are UDP ports for RTSP over UDP.
    `webrtc_udp_port` is the UDP port of WebRTC media (v1.5.1 requires one when WebRTC
    is on); it defaults to the number of `webrtc_port`, which is a TCP port, so the
    two do not clash.
    """
    ports = {
        "api_port": api_port,
        "rtsp_port": rtsp_port,
        "hls_port": hls_port,
        "webrtc_port": webrtc_port,
        "playback_port": playback_port,
        "rtp_port": rtp_port,
        "rtcp_port": rtcp_port,
        "webrtc_udp_port": webrtc_port if webrtc_udp_port is None else webrtc_udp_port,
    }
    for name, port in ports.items():
        _check_port_number(name, port)
    if rtp_port % 2 or rtcp_port != rtp_port + 1:
        # MediaMTX's RTSP server (gortsplib) refuses to start otherwise.
        raise ValueError(
            f"rtp_port must be even and rtcp_port must be rtp_port + 1, not {rtp_port}/{rtcp_port}"
        )
    if not auth_hook_url.startswith(("http://", "https://")):
        raise ValueError("auth_hook_url must be an http:// or https:// URL")
    if log_level not in _LOG_LEVELS:
        raise ValueError(f"log_level must be one of {sorted(_LOG_LEVELS)}, not {log_level!r}")
    record_path = f"{os.fspath(record_dir).rstrip('/')}/{_RECORD_SUFFIX}"
    return _template().substitute(
        ports,
        log_level=log_level,
        webrtc="yes" if webrtc_enabled else "no",
        auth_hook_url=_yaml_string(auth_hook_url),
        record_path=_yaml_string(record_path),
    )


def check_port_free(host: str, port: int, *, kind: Literal["tcp", "udp"] = "tcp") -> None:
    """Raise PortInUse if `port` cannot be bound on `host` right now.

    This only reports the state at the time of the call; it is a clear early error,
    not a reservation.
    """
    _check_port_number("port", port)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock_type = socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM
    with socket.socket(family, sock_type) as sock:
        if kind == "tcp":
            # Match what a server does, so a port in TIME_WAIT does not count as taken.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(host, port, kind) from exc
            raise


@functools.cache
def _template() -> Template:
    return Template(TEMPLATE_PATH.read_text(encoding="utf-8"))


def _check_port_number(name: str, port: int) -> None:
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise ValueError(f"{name} must be an integer between 1 and 65535, not {port!r}")


def _yaml_string(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: no quoting rules to get wrong.
    return json.dumps(value)
