"""Test clips for the simulated cameras: H.264 Annex-B streams generated once with ffmpeg.

Runs under any python3 (stdlib only). The clips are cached outside git in
``${PANTAU_CACHE_DIR:-~/.cache/pantau}/clips/`` and written atomically (temp file +
rename), so concurrent callers never see half a file.

An Annex-B ``.h264`` elementary stream is what the RTSP server can loop without
re-encoding (``multifilesrc loop=true ! h264parse``). Constrained baseline, no B-frames,
a keyframe every second: every decoder takes it and a new viewer waits at most 1 s.

CLI: ``python3 deploy/simcam/clips.py 2560x1440 1280x720`` prints the paths.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def cache_dir() -> Path:
    """The clip cache directory (created on demand)."""
    base = os.environ.get("PANTAU_CACHE_DIR") or str(Path.home() / ".cache" / "pantau")
    path = Path(base) / "clips"
    path.mkdir(parents=True, exist_ok=True)
    return path


def clip_path(width: int, height: int, seconds: int = 10, fps: int = 25) -> Path:
    """Where the clip for these parameters lives (whether or not it exists yet)."""
    return cache_dir() / f"testsrc-{width}x{height}-{seconds}s-{fps}fps.h264"


def _video_filter(width: int, height: int, fps: int) -> str:
    """testsrc2 with a label and running time when a font is available (drawtext needs one)."""
    source = f"testsrc2=size={width}x{height}:rate={fps}"
    if not FONT.exists():
        return source
    size = max(16, height // 24)
    text = f"Pantau simcam {width}x{height}  %{{pts\\:hms}}"
    draw = (
        f"drawtext=fontfile={FONT}:text='{text}':fontsize={size}:fontcolor=white"
        f":box=1:boxcolor=black@0.6:x=(w-tw)/2:y=h-th-{size}"
    )
    return f"{source},{draw}"


def _ffmpeg_command(width: int, height: int, seconds: int, fps: int, out: Path) -> list[str]:
    return [
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
        "-f", "lavfi", "-i", _video_filter(width, height, fps),
        "-t", str(seconds),
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-profile:v", "baseline",
        "-pix_fmt", "yuv420p", "-g", str(fps), "-keyint_min", str(fps), "-bf", "0",
        "-sc_threshold", "0", "-x264-params", "repeat-headers=1",
        "-f", "h264", str(out),
    ]  # fmt: skip


def ensure_clip(width: int, height: int, seconds: int = 10, fps: int = 25) -> Path:
    """Return the path of the cached clip, generating it first if needed."""
    target = clip_path(width, height, seconds, fps)
    if target.exists() and target.stat().st_size > 0:
        return target
    if shutil.which("ffmpeg") is None:
        raise RuntimeError("ffmpeg is not installed (Debian package: ffmpeg)")
    fd, tmp_name = tempfile.mkstemp(prefix=target.stem + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        cmd = _ffmpeg_command(width, height, seconds, fps, tmp)
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"ffmpeg failed to generate {target.name}: {done.stderr.strip()}")
        tmp.chmod(0o644)  # mkstemp makes it private; the clip is not a secret
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def parse_size(text: str) -> tuple[int, int]:
    """'2560x1440' -> (2560, 1440)."""
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: clips.py WIDTHxHEIGHT [WIDTHxHEIGHT ...]", file=sys.stderr)
        return 2
    for size in argv:
        print(ensure_clip(*parse_size(size)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
