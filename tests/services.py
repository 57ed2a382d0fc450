"""Service-process fixtures: real Redis and real RTSP cameras on free loopback ports.

Every fixture is session-scoped, starts its process on a port nobody fixed in advance,
and stops it at the end. A missing binary fails the test with the Debian package to
install: these tests are never skipped. Process output goes to a log file under the
session's tmp dir; a fixture that cannot start shows the tail of that log.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
SIMCAM = ROOT / "deploy" / "simcam" / "server.py"
SYSTEM_PYTHON = "/usr/bin/python3"
GST_PACKAGES = (
    "python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-bad"
)
CAMERA_MOUNTS = {"/4mp": (2560, 1440), "/720p": (1280, 720)}
CAMERA_USER = "cam-admin"
# Clips are generated on the first run (a few seconds each), so allow for that.
CAMERA_START_TIMEOUT = 180.0


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (for servers that cannot bind port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def log_tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return "(no log written)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def require_binary(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: apt-get install {package}", pytrace=False)
    return found


@dataclass
class ServiceProcess:
    """A child process whose output goes to ``log``; stopped with SIGTERM, then SIGKILL."""

    name: str
    log: Path
    proc: subprocess.Popen[bytes]

    @classmethod
    def start(
        cls, name: str, argv: list[str], log_dir: Path, env: dict[str, str] | None = None
    ) -> ServiceProcess:
        log = log_dir / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env
            )
        return cls(name, log, proc)

    def wait_until(self, ready: Callable[[], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.fail(f"exited with code {self.proc.returncode} before it was ready")
            if ready():
                return
            time.sleep(0.05)
        self.fail(f"was not ready after {timeout:g} s")

    def fail(self, why: str) -> None:
        self.stop()
        pytest.fail(f"{self.name} {why}; log {self.log}:\n{log_tail(self.log)}", pytrace=False)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---------------------------------------------------------------------------- Redis


def _redis_answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throw-away redis-server without persistence; yields ``redis://127.0.0.1:N/0``."""
    binary = require_binary("redis-server", "redis-server")
    log_dir = tmp_path_factory.mktemp("redis")
    port = free_port()
    argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    argv += ["--dir", str(log_dir)]
    service = ServiceProcess.start("redis-server", argv, log_dir)
    service.wait_until(lambda: _redis_answers_ping(port), timeout=20)
    yield f"redis://127.0.0.1:{port}/0"
    service.stop()


# ----------------------------------------------------------------- simulated camera


@dataclass(frozen=True)
class CameraServer:
    """A running simulated camera/NVR (GStreamer RTSP server, Digest auth)."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    mounts: dict[str, tuple[int, int]] = field(default_factory=dict)

    def url(self, mount: str, with_credentials: bool = False) -> str:
        """``rtsp://host:port/mount``; ``mount`` may be given as ``"4mp"`` or ``"/4mp"``."""
        path = mount if mount.startswith("/") else f"/{mount}"
        userinfo = ""
        if with_credentials:
            userinfo = f"{quote(self.user, safe='')}:{quote(self.password, safe='')}@"
        return f"rtsp://{userinfo}{self.host}:{self.port}{path}"


def _require_gst_python() -> None:
    check = "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer"
    if not Path(SYSTEM_PYTHON).exists():
        pytest.fail(
            f"{SYSTEM_PYTHON} is missing: apt-get install python3 {GST_PACKAGES}", pytrace=False
        )
    done = subprocess.run([SYSTEM_PYTHON, "-c", check], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(
            f"{SYSTEM_PYTHON} cannot load GStreamer's RTSP server: apt-get install {GST_PACKAGES}\n"
            f"{done.stderr.strip()}",
            pytrace=False,
        )


def _read_port(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


@pytest.fixture(scope="session")
def camera_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CameraServer]:
    """A real RTSP camera with mounts /4mp (2560x1440) and /720p (1280x720), Digest auth."""
    require_binary("ffmpeg", "ffmpeg")
    _require_gst_python()
    log_dir = tmp_path_factory.mktemp("simcam")
    ready_file = log_dir / "port"
    # Characters that must be percent-encoded in a URL, so every client is tested on them.
    password = f"{secrets.token_urlsafe(12)}:@/%"
    argv = [SYSTEM_PYTHON, str(SIMCAM), "--port", "0", "--address", "127.0.0.1"]
    argv += ["--user", CAMERA_USER, "--ready-file", str(ready_file)]
    for mount, (width, height) in CAMERA_MOUNTS.items():
        argv += ["--mount", f"{mount}={width}x{height}"]
    env = {**os.environ, "SIMCAM_PASSWORD": password}  # not on argv, which `ps` shows
    service = ServiceProcess.start("simcam", argv, log_dir, env=env)
    service.wait_until(lambda: _read_port(ready_file) is not None, CAMERA_START_TIMEOUT)
    port = _read_port(ready_file)
    assert port is not None
    yield CameraServer("127.0.0.1", port, CAMERA_USER, password, dict(CAMERA_MOUNTS))
    service.stop()


# ------------------------------------------------------------ endpoints that fail


@pytest.fixture(scope="session")
def dead_rtsp_port() -> Iterator[int]:
    """A loopback port where nothing listens: connecting is refused at once.

    The socket is bound but never listens, so the port stays reserved for the session
    (no other fixture can be handed it) while connections to it get RST.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


class _Blackhole(threading.Thread):
    """Accepts TCP connections and never sends a byte."""

    def __init__(self) -> None:
        super().__init__(name="blackhole-rtsp", daemon=True)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port: int = self.listener.getsockname()[1]
        self.stopping = threading.Event()
        self.held: list[socket.socket] = []

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.held.append(conn)  # keep it open, silent

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
        for conn in [*self.held, self.listener]:
            conn.close()


@pytest.fixture(scope="session")
def blackhole_rtsp() -> Iterator[int]:
    """A loopback port that accepts connections and never answers; yields the port."""
    server = _Blackhole()
    server.start()
    yield server.port
    server.stop()
