"""The stream probe: can we reach the camera, log in, and read video? At what resolution?

``probe_stream`` first makes a plain TCP connection (to tell a wrong address from a
wrong password), then runs OpenCV in a child process (``workers.probe_child``) that can
be killed if FFmpeg hangs. The URL with credentials goes to the child on stdin, never on
argv. FFmpeg's log on the child's stderr tells a 401 apart from other failures.

Secrets stay secret: results, messages and log lines never contain the password or a URL
with credentials; everything taken from the child is scrubbed before it is logged.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import re
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit, urlunsplit

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORTS = {"rtsp": 554, "rtsps": 322, "http": 80, "https": 443}
DEADLINE_MARGIN = 5.0  # seconds for the child to start Python and import cv2
SNAPSHOT_MAX_WIDTH = 1280
JPEG_QUALITY = 80
LOG_TAIL_CHARS = 2000
CODEC_NAMES = {"h264": "H.264", "hevc": "H.265"}


class ProbeStatus(StrEnum):
    OK = "ok"
    UNREACHABLE = "unreachable"
    AUTH_FAILED = "auth_failed"
    NO_VIDEO = "no_video"
    TIMEOUT = "timeout"


@dataclass(frozen=True)
class ProbeResult:
    status: ProbeStatus
    message: str
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    codec: str | None = None
    snapshot_jpeg: bytes | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.status == ProbeStatus.OK


MESSAGES = {
    "auth": "The camera refused the username or password. Check the credentials you entered.",
    "timeout_rtsp": (
        "The camera accepted the connection but did not answer within {seconds:g} seconds. "
        "Check that the port is the camera's RTSP port and that the camera is not overloaded."
    ),
    "timeout_read": (
        "The camera opened the stream but sent no video within {seconds:g} seconds. "
        "Check that the video stream is enabled and the camera is not overloaded."
    ),
    "went_away": (
        "The camera stopped answering during the check. "
        "Check that it is online and try again in a minute."
    ),
    "not_found": (
        "The camera answered but has no stream at this path. "
        "Check the stream path in the address (the camera's manual lists it)."
    ),
    "no_stream": (
        "The camera answered but we could not open a video stream. "
        "Check that the address points at the camera's RTSP stream."
    ),
    "no_frames": (
        "The camera opened the stream but sent no video frames. "
        "Check that the video stream is enabled on the camera."
    ),
}


@dataclass(frozen=True)
class _Target:
    """The parts of the camera URL that are safe to show and log."""

    scheme: str
    host: str
    port: int
    path: str

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}{self.path}"


def probe_stream(
    url: str,
    *,
    username: str = "",
    password: str = "",
    open_timeout: float,
    read_timeout: float,
    frames: int = 5,
) -> ProbeResult:
    """Probe one camera stream; every failure comes back as a result, never an exception."""
    try:
        target = _parse_target(url)
    except ValueError as exc:
        return _fail(ProbeStatus.UNREACHABLE, f"{exc} Check the address you entered.")
    full_url = with_credentials(url, username, password)
    secrets = _secrets_of(full_url, password)
    result = _check_tcp(target, open_timeout)
    if result is None:
        result = _run_child(full_url, secrets, open_timeout, read_timeout, frames)
    logger.info("probe %s: %s (%s)", target, result.status, redact(result.message, secrets))
    return result


def _parse_target(url: str) -> _Target:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError("The camera address must look like rtsp://host:port/path.")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise ValueError("The port in the camera address is not a number.") from None
    return _Target(scheme, parts.hostname, port, parts.path or "/")


def with_credentials(url: str, username: str, password: str) -> str:
    """The URL with ``username``/``password`` percent-encoded into its userinfo.

    Without credentials the URL is returned unchanged (it may carry its own userinfo).
    """
    if not username and not password:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    netloc = f"{quote(username, safe='')}:{quote(password, safe='')}@{host}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _secrets_of(url: str, password: str) -> tuple[str, ...]:
    """Every spelling of the password that could show up in a log line."""
    embedded = urlsplit(url).password or ""
    found = {password, embedded}
    for raw in list(found):
        found |= {quote(raw, safe=""), quote(raw), quote_plus(raw)}
    return tuple(sorted((s for s in found if s), key=len, reverse=True))


_USERINFO = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@]*@")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Remove URL userinfo and every given secret from ``text``."""
    text = _USERINFO.sub(r"\1***@", text)
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _check_tcp(target: _Target, timeout: float) -> ProbeResult | None:
    """None when a TCP connection succeeds; otherwise the failure as a result."""
    where = f"{target.host}:{target.port}"
    try:
        with socket.create_connection((target.host, target.port), timeout=timeout):
            return None
    except socket.gaierror:
        return _fail(
            ProbeStatus.UNREACHABLE,
            f"The camera's host name {target.host} could not be found. Check the address.",
        )
    except TimeoutError:
        return _fail(
            ProbeStatus.TIMEOUT,
            f"Nothing answered at {where} within {timeout:g} seconds. Check the address and "
            "that the camera's firewall or router lets the command center connect.",
        )
    except ConnectionRefusedError:
        return _fail(
            ProbeStatus.UNREACHABLE,
            f"The connection to {where} was refused. Check the port and that the camera's "
            "RTSP service is switched on.",
        )
    except OSError as exc:
        return _fail(
            ProbeStatus.UNREACHABLE,
            f"The camera at {where} could not be reached ({exc.strerror or 'network error'}). "
            "Check the address and that the camera is online.",
        )


def _fail(status: ProbeStatus, message: str) -> ProbeResult:
    return ProbeResult(status=status, message=message)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OPENCV_FFMPEG_CAPTURE_OPTIONS"] = "rtsp_transport;tcp"
    env["OPENCV_FFMPEG_DEBUG"] = "1"  # FFmpeg's log (incl. "401 Unauthorized") on stderr
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


def _run_child(
    url: str, secrets: tuple[str, ...], open_timeout: float, read_timeout: float, frames: int
) -> ProbeResult:
    request = {
        "url": url,
        "open_timeout_ms": round(open_timeout * 1000),
        "read_timeout_ms": round(read_timeout * 1000),
        "frames": frames,
        "snapshot_max_width": SNAPSHOT_MAX_WIDTH,
        "jpeg_quality": JPEG_QUALITY,
    }
    deadline = open_timeout + read_timeout + DEADLINE_MARGIN
    try:
        done = subprocess.run(  # fixed argv: the URL goes on stdin
            [sys.executable, "-m", "workers.probe_child"],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=deadline,
            env=_child_env(),
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed the child
        logger.warning("probe child killed after the %.1f s deadline", deadline)
        return _fail(ProbeStatus.TIMEOUT, MESSAGES["timeout_rtsp"].format(seconds=deadline))
    log = redact(done.stderr, secrets)
    logger.debug("probe child exited %s; log tail:\n%s", done.returncode, log[-LOG_TAIL_CHARS:])
    return _interpret(_parse_answer(done.stdout), log, open_timeout, read_timeout)


def _parse_answer(stdout: str) -> dict[str, Any]:
    try:
        answer = json.loads(stdout)
    except json.JSONDecodeError:
        return {"opened": False, "frames_read": 0}
    return answer if isinstance(answer, dict) else {"opened": False, "frames_read": 0}


def _interpret(
    answer: dict[str, Any], log: str, open_timeout: float, read_timeout: float
) -> ProbeResult:
    opened = bool(answer.get("opened"))
    if opened and answer.get("frames_read", 0) > 0:
        return _success(answer)
    failure = _classify_log(log)
    if failure == "timeout" and opened:
        return _fail(ProbeStatus.TIMEOUT, MESSAGES["timeout_read"].format(seconds=read_timeout))
    if failure == "timeout":
        return _fail(ProbeStatus.TIMEOUT, MESSAGES["timeout_rtsp"].format(seconds=open_timeout))
    if failure == "auth":
        return _fail(ProbeStatus.AUTH_FAILED, MESSAGES["auth"])
    if failure == "not_found":
        return _fail(ProbeStatus.NO_VIDEO, MESSAGES["not_found"])
    if failure == "unreachable":
        return _fail(ProbeStatus.UNREACHABLE, MESSAGES["went_away"])
    return _fail(ProbeStatus.NO_VIDEO, MESSAGES["no_frames" if opened else "no_stream"])


# FFmpeg's wording: "method DESCRIBE failed: 401 (Unauthorized)", "Stream timeout
# triggered", "Failed reading RTSP data: Immediate exit requested", "404 (Not Found)".
_LOG_PATTERNS = (
    ("auth", re.compile(r"Unauthorized|Forbidden|authorization failed", re.IGNORECASE)),
    ("timeout", re.compile(r"timeout triggered|Immediate exit requested|timed out", re.I)),
    ("not_found", re.compile(r"Not Found", re.IGNORECASE)),
    ("unreachable", re.compile(r"Connection refused|No route to host|unreachable", re.I)),
)


def _classify_log(log: str) -> str | None:
    for name, pattern in _LOG_PATTERNS:
        if pattern.search(log):
            return name
    return None


def _success(answer: dict[str, Any]) -> ProbeResult:
    width, height, fps, codec = (answer.get(k) for k in ("width", "height", "fps", "codec"))
    details = f"{width}x{height}" + (f" at {fps:g} fps" if fps else "")
    if codec:
        details += f" ({CODEC_NAMES.get(codec, codec.upper())})"
    return ProbeResult(
        status=ProbeStatus.OK,
        message=f"The camera sent video: {details}.",
        width=width,
        height=height,
        fps=fps,
        codec=codec,
        snapshot_jpeg=_decode_snapshot(answer.get("snapshot_b64")),
    )


def _decode_snapshot(encoded: str | None) -> bytes | None:
    if not encoded:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
