"""The OpenCV stream probe against real RTSP servers (tests/services.py)."""

from __future__ import annotations

import logging
import subprocess
import time
from dataclasses import astuple
from urllib.parse import quote

import cv2
import numpy as np
import pytest

from tests.services import CameraServer
from workers.probe import ProbeResult, ProbeStatus, probe_stream

pytestmark = pytest.mark.e2e

OPEN_TIMEOUT = 5.0
READ_TIMEOUT = 5.0


@pytest.fixture(autouse=True)
def _debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="workers.probe")


def probe(camera: CameraServer, mount: str, password: str | None = None) -> ProbeResult:
    return probe_stream(
        camera.url(mount),
        username=camera.user,
        password=camera.password if password is None else password,
        open_timeout=OPEN_TIMEOUT,
        read_timeout=READ_TIMEOUT,
    )


def assert_secret_kept(
    secret: str, result: ProbeResult, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture
) -> None:
    spellings = {secret, quote(secret, safe=""), quote(secret)}
    captured = capfd.readouterr()
    texts = [repr(astuple(result)), result.message, caplog.text, captured.out, captured.err]
    for text in texts:
        for spelling in spellings:
            assert spelling not in text


def test_the_4mp_stream_reports_its_resolution_and_a_jpeg_snapshot(camera_server, caplog, capfd):
    result = probe(camera_server, "/4mp")

    assert result.status == ProbeStatus.OK, result.message
    assert (result.width, result.height) == (2560, 1440)
    assert result.fps == pytest.approx(25)
    assert result.codec == "h264"
    assert result.snapshot_jpeg is not None
    assert result.snapshot_jpeg.startswith(b"\xff\xd8")
    image = cv2.imdecode(np.frombuffer(result.snapshot_jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape == (720, 1280, 3)  # downscaled to at most 1280 px wide
    assert_secret_kept(camera_server.password, result, caplog, capfd)


def test_the_720p_stream_reports_1280x720(camera_server, caplog, capfd):
    result = probe(camera_server, "/720p")

    assert result.status == ProbeStatus.OK, result.message
    assert (result.width, result.height) == (1280, 720)
    assert_secret_kept(camera_server.password, result, caplog, capfd)


def test_credentials_already_in_the_url_are_used_and_kept_out_of_the_logs(
    camera_server, caplog, capfd
):
    url = camera_server.url("/720p", with_credentials=True)
    result = probe_stream(url, open_timeout=OPEN_TIMEOUT, read_timeout=READ_TIMEOUT, frames=1)

    assert result.status == ProbeStatus.OK, result.message
    assert_secret_kept(camera_server.password, result, caplog, capfd)


def test_a_wrong_password_is_reported_as_an_authentication_failure(camera_server, caplog, capfd):
    wrong = "Wr0ng:p@ss/word"
    result = probe(camera_server, "/4mp", password=wrong)

    assert result.status == ProbeStatus.AUTH_FAILED
    assert "username or password" in result.message
    assert result.snapshot_jpeg is None
    assert_secret_kept(wrong, result, caplog, capfd)
    assert_secret_kept(camera_server.password, result, caplog, capfd)


def test_missing_credentials_are_reported_as_an_authentication_failure(camera_server):
    result = probe_stream(
        camera_server.url("/4mp"), open_timeout=OPEN_TIMEOUT, read_timeout=READ_TIMEOUT
    )

    assert result.status == ProbeStatus.AUTH_FAILED


def test_a_path_the_camera_does_not_serve_is_reported_as_no_video(camera_server):
    result = probe(camera_server, "/no-such-stream")

    assert result.status == ProbeStatus.NO_VIDEO
    assert "path" in result.message


def test_a_port_where_nothing_listens_is_unreachable_within_the_open_timeout(
    dead_rtsp_port, caplog, capfd
):
    started = time.monotonic()
    result = probe_stream(
        f"rtsp://127.0.0.1:{dead_rtsp_port}/stream",
        username="admin",
        password="dead-port-secret",
        open_timeout=3.0,
        read_timeout=3.0,
    )

    assert result.status == ProbeStatus.UNREACHABLE
    assert time.monotonic() - started < 3.0 + 2
    assert_secret_kept("dead-port-secret", result, caplog, capfd)


def test_a_server_that_accepts_but_never_answers_times_out(blackhole_rtsp, caplog, capfd):
    started = time.monotonic()
    result = probe_stream(
        f"rtsp://127.0.0.1:{blackhole_rtsp}/stream",
        username="admin",
        password="blackhole-secret",
        open_timeout=2.0,
        read_timeout=2.0,
    )

    assert result.status == ProbeStatus.TIMEOUT
    assert time.monotonic() - started < 2.0 + 2.0 + 5 + 1  # the child's hard deadline
    assert_secret_kept("blackhole-secret", result, caplog, capfd)


def test_the_url_with_credentials_reaches_the_child_on_stdin_not_argv(camera_server, monkeypatch):
    calls: list[tuple[list[str], str]] = []
    real_run = subprocess.run

    def spy(argv, *args, **kwargs):
        calls.append((list(argv), kwargs.get("input", "")))
        return real_run(argv, *args, **kwargs)

    monkeypatch.setattr("workers.probe.subprocess.run", spy)
    result = probe(camera_server, "/720p")

    assert result.status == ProbeStatus.OK, result.message
    [(argv, stdin)] = calls
    encoded = quote(camera_server.password, safe="")
    assert all(encoded not in arg and camera_server.password not in arg for arg in argv)
    assert encoded in stdin


def test_a_hung_probe_is_killed_at_its_hard_deadline(blackhole_rtsp, monkeypatch):
    # Shrink the margin so the parent's deadline (0.5 s) comes before OpenCV's own timeout.
    monkeypatch.setattr("workers.probe.DEADLINE_MARGIN", -3.5)
    started = time.monotonic()
    result = probe_stream(
        f"rtsp://127.0.0.1:{blackhole_rtsp}/stream", open_timeout=2.0, read_timeout=2.0
    )

    assert result.status == ProbeStatus.TIMEOUT
    assert time.monotonic() - started < 2.0
