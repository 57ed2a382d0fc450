"""Start the whole Pantau demo and stop everything on Ctrl-C.

Redis, the simulated hotel cameras (an RTSP server looping H.264 clips), the MediaMTX proxy
node when it can be built, the Celery worker and beat, and the portal on SQLite with
seeded demo data. Run through deploy/demo.sh, which installs what is missing first.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proxy.nodeconfig import PortInUse, check_port_free  # noqa: E402

CAMERA_MOUNTS = {
    "/hotel-kuta/entrance": "2560x1440",
    "/hotel-kuta/beach-road": "2560x1440",
    "/villa-seminyak/gate": "1280x720",
    "/desa/market": "2560x1440",
}


class Supervisor:
    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.procs: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
        proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        self.procs.append((name, proc))
        return proc

    def check(self) -> None:
        for name, proc in self.procs:
            if proc.poll() is not None:
                tail = (self.log_dir / f"{name}.log").read_text(errors="replace")[-2000:]
                raise SystemExit(f"{name} stopped (exit {proc.returncode}). Its log ends:\n{tail}")

    def stop(self) -> None:
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 10
        for _name, proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_for(predicate, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up within {timeout:.0f} s")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PANTAU_DEMO_PORT", "8000")))
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--camera-port", type=int, default=8654)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "demo"))
    return parser.parse_args()


def demo_env(args: argparse.Namespace, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PANTAU_DATA_DIR=str(data_dir),
        REDIS_URL=f"redis://127.0.0.1:{args.redis_port}/0",
        PANTAU_CAMERA_ALLOWED_NETWORKS="127.0.0.0/8",
        PANTAU_PUBLIC_URL=f"http://127.0.0.1:{args.port}",
        DJANGO_SETTINGS_MODULE="portal.settings",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DATABASE_URL", None)  # the demo is the embedded SQLite one
    return env


def main() -> None:
    args = parse_args()
    data_dir = Path(args.data_dir)
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    for port, what in (
        (args.port, "portal"),
        (args.redis_port, "Redis"),
        (args.camera_port, "cameras"),
    ):
        try:
            check_port_free("127.0.0.1", port)
        except PortInUse as exc:
            raise SystemExit(
                f"{exc} (the demo's {what}; pass --port/--redis-port/--camera-port)"
            ) from None
    env = demo_env(args, data_dir)
    py = sys.executable
    sup = Supervisor(data_dir / "logs")
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        run(args, env, py, sup, data_dir)
    except KeyboardInterrupt:
        print("\nStopping the demo ...")
    finally:
        sup.stop()


def run(args, env, py: str, sup: Supervisor, data_dir: Path) -> None:
    sup.start(
        "redis",
        [
            "redis-server",
            "--port",
            str(args.redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        env,
    )
    cam_password = secrets.token_urlsafe(12)
    ready = data_dir / "cameras.ready"
    ready.unlink(missing_ok=True)
    mounts = [arg for path, size in CAMERA_MOUNTS.items() for arg in ("--mount", f"{path}={size}")]
    sup.start(
        "cameras",
        [
            "/usr/bin/python3",
            "deploy/simcam/server.py",
            "--port",
            str(args.camera_port),
            "--user",
            "cam-admin",
            "--ready-file",
            str(ready),
            *mounts,
        ],
        {**env, "SIMCAM_PASSWORD": cam_password},
    )
    wait_for(lambda: (sup.check(), ready.exists())[1], "the simulated cameras", timeout=120)
    print("Preparing the database ...", flush=True)
    subprocess.run([py, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    password = os.environ.get("PANTAU_DEMO_PASSWORD") or secrets.token_urlsafe(9)
    users = subprocess.run(
        [py, "manage.py", "seed_demo", "--camera-port", str(args.camera_port)],
        env={**env, "PANTAU_DEMO_CAMERA_PASSWORD": cam_password, "PANTAU_DEMO_PASSWORD": password},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    sup.start(
        "worker",
        [py, "-m", "celery", "-A", "workers.celery", "worker", "-l", "info", "--concurrency", "2"],
        env,
    )
    sup.start(
        "beat",
        [
            py,
            "-m",
            "celery",
            "-A",
            "workers.celery",
            "beat",
            "-l",
            "info",
            "--schedule",
            str(data_dir / "celerybeat-schedule"),
        ],
        env,
    )
    mediamtx_note = start_mediamtx_if_available()
    sup.start("portal", [py, "manage.py", "runserver", "--noreload", f"127.0.0.1:{args.port}"], env)
    print(banner(args.port, users, password, data_dir, mediamtx_note), flush=True)
    while True:
        sup.check()
        time.sleep(1)


def start_mediamtx_if_available() -> str:
    result = subprocess.run(
        ["bash", "deploy/build-mediamtx.sh"], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        return (
            "MediaMTX proxy node: NOT RUNNING - it could not be built here:\n  "
            + result.stderr.strip().replace("\n", "\n  ")
        )
    return f"MediaMTX binary: {result.stdout.strip()} (the proxy node starts with the enforcement issue)"


def banner(port: int, users: str, password: str, data_dir: Path, mediamtx_note: str) -> str:
    return f"""
Pantau demo is running.

  Portal (API):  http://127.0.0.1:{port}/api/v1/   (log in: /api-auth/login/)
  API docs:      http://127.0.0.1:{port}/api/docs/
  Django admin:  http://127.0.0.1:{port}/admin/   (admin@pantau.demo)
  Logs:          {data_dir / "logs"}

Demo users (password for all: {password}):
{users}
{mediamtx_note}

Press Ctrl-C to stop everything.
"""


if __name__ == "__main__":
    main()
