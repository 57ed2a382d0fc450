"""The OpenCV half of the stream probe, run as ``python -m workers.probe_child``.

It runs in its own process so the parent can kill a hung FFmpeg. The request comes on
stdin as JSON (the URL carries credentials, so never on argv, which ``ps`` shows); the
answer goes to stdout as one JSON object; FFmpeg's log goes to stderr (also the part
OpenCV prints to stdout), where the parent
reads it to tell an authentication failure from other errors. Nothing here prints the URL.

Request:  {"url", "open_timeout_ms", "read_timeout_ms", "frames", "snapshot_max_width",
           "jpeg_quality"}
Answer:   {"opened", "frames_read", "width", "height", "fps", "codec", "snapshot_b64"}
"""

from __future__ import annotations

import base64
import json
import math
import os
import sys
from typing import Any

import cv2
import numpy as np

CODECS = {"avc1": "h264", "h264": "h264", "hevc": "hevc", "hev1": "hevc", "hvc1": "hevc"}


def open_capture(url: str, open_timeout_ms: int, read_timeout_ms: int) -> cv2.VideoCapture:
    params = [
        cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, open_timeout_ms,
        cv2.CAP_PROP_READ_TIMEOUT_MSEC, read_timeout_ms,
    ]  # fmt: skip
    return cv2.VideoCapture(url, cv2.CAP_FFMPEG, params)


def read_frames(capture: cv2.VideoCapture, count: int) -> tuple[int, np.ndarray | None]:
    """Read up to ``count`` frames; stop at the first failure. Returns (read, last frame)."""
    last = None
    for index in range(count):
        ok, frame = capture.read()
        if not ok or frame is None:
            return index, last
        last = frame
    return count, last


def codec_name(capture: cv2.VideoCapture) -> str | None:
    fourcc = int(capture.get(cv2.CAP_PROP_FOURCC))
    if fourcc <= 0:
        return None
    tag = fourcc.to_bytes(4, "little").decode("ascii", "replace").strip("\x00 ").lower()
    return CODECS.get(tag, tag or None)


def frame_rate(capture: cv2.VideoCapture) -> float | None:
    fps = capture.get(cv2.CAP_PROP_FPS)
    return round(fps, 2) if fps > 0 and math.isfinite(fps) else None


def encode_snapshot(frame: np.ndarray, max_width: int, quality: int) -> str | None:
    height, width = frame.shape[:2]
    if width > max_width:
        size = (max_width, max(1, round(height * max_width / width)))
        frame = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return base64.b64encode(jpeg.tobytes()).decode("ascii") if ok else None


def probe(request: dict[str, Any]) -> dict[str, Any]:
    capture = open_capture(request["url"], request["open_timeout_ms"], request["read_timeout_ms"])
    result: dict[str, Any] = {"opened": bool(capture.isOpened()), "frames_read": 0}
    if not result["opened"]:
        return result
    try:
        frames_read, last = read_frames(capture, request["frames"])
        result["frames_read"] = frames_read
        result["width"] = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)) or None
        result["height"] = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)) or None
        result["fps"] = frame_rate(capture)
        result["codec"] = codec_name(capture)
        if last is not None:
            max_width, quality = request["snapshot_max_width"], request["jpeg_quality"]
            result["snapshot_b64"] = encode_snapshot(last, max_width, quality)
    finally:
        capture.release()
    return result


def main() -> int:
    request = json.load(sys.stdin)
    # OpenCV prints FFmpeg's debug log with printf, i.e. to fd 1. Keep the real stdout
    # for the answer alone and send everything else written to fd 1 to stderr.
    answer = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    json.dump(probe(request), answer)
    answer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
