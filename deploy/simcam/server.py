"""A simulated camera / NVR: a real RTSP server (GStreamer's) with one mount per clip.

Runs under Debian's /usr/bin/python3 (needs ``gi`` and the packages python3-gi,
gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-good and -bad); stdlib + gi only.

Each mount loops a pre-encoded H.264 clip without re-encoding (near-zero CPU): the
Annex-B file is re-read forever by ``multifilesrc loop=true`` and ``h264parse``
interpolates timestamps from the SPS frame rate, so they keep advancing in real time
across the loop. Factories are shared, so extra viewers cost one more socket only.

    /usr/bin/python3 deploy/simcam/server.py --port 0 --mount /4mp=2560x1440 \\
        --mount /720p=1280x720 --user cam-admin --password secret --ready-file /tmp/port

The password can also come from the environment (``SIMCAM_PASSWORD``) so it need not
appear on the command line.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clips import ensure_clip, parse_size  # noqa: E402

ROLE = "camera-user"
REALM = "Pantau simulated camera"


def launch_line(clip: Path) -> str:
    """The per-mount pipeline: file -> parser -> RTP payloader, no decode, no encode."""
    return (
        f'( multifilesrc location="{clip}" loop=true '
        "caps=video/x-h264,stream-format=byte-stream ! h264parse "
        "! rtph264pay name=pay0 pt=96 config-interval=1 )"
    )


def _pts_from_dts(_pad: Gst.Pad, info: Gst.PadProbeInfo) -> Gst.PadProbeReturn:
    # h264parse interpolates only DTS for a bare stream; without PTS the payloader stamps
    # every packet with the same RTP time. The clip has no B-frames, so PTS == DTS.
    buffer = info.get_buffer()
    if buffer is not None and buffer.pts == Gst.CLOCK_TIME_NONE:
        buffer.pts = buffer.dts
    return Gst.PadProbeReturn.OK


def _on_media_configure(
    _factory: GstRtspServer.RTSPMediaFactory, media: GstRtspServer.RTSPMedia
) -> None:
    payloader = media.get_element().get_by_name("pay0")
    payloader.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, _pts_from_dts)


def make_factory(clip: Path, with_auth: bool) -> GstRtspServer.RTSPMediaFactory:
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch_line(clip))
    factory.set_shared(True)
    factory.connect("media-configure", _on_media_configure)
    if with_auth:
        perms = Gst.Structure.from_string(
            f"{ROLE}, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"
        )[0]
        factory.add_role_from_structure(perms)
    return factory


def make_auth(user: str, password: str) -> GstRtspServer.RTSPAuth:
    """Digest auth, as real cameras use; a request without valid credentials gets 401."""
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ROLE)
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    auth.set_realm(REALM)
    auth.add_digest(user, password, token)
    return auth


def build_server(args: argparse.Namespace) -> GstRtspServer.RTSPServer:
    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    with_auth = bool(args.user)
    if with_auth:
        server.set_auth(make_auth(args.user, args.password))
    mounts = server.get_mount_points()
    for mount, size in args.mount:
        mounts.add_factory(mount, make_factory(ensure_clip(*size), with_auth))
    return server


def write_ready_file(path: Path, port: int) -> None:
    """Atomically, so a watcher never reads a half-written port."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(f"{port}\n")
    tmp.replace(path)


def parse_mount(text: str) -> tuple[str, tuple[int, int]]:
    mount, sep, size = text.partition("=")
    if not sep or not mount.startswith("/"):
        raise argparse.ArgumentTypeError(f"expected /name=WIDTHxHEIGHT, got {text!r}")
    return mount, parse_size(size)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8554, help="0 picks a free port")
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--mount", type=parse_mount, action="append", required=True)
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default=os.environ.get("SIMCAM_PASSWORD", ""))
    parser.add_argument("--ready-file", type=Path)
    args = parser.parse_args(argv)
    if args.user and not args.password:
        parser.error("--user needs --password (or SIMCAM_PASSWORD)")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    Gst.init(None)
    server = build_server(args)
    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print(f"simcam: cannot listen on {args.address}:{args.port}", file=sys.stderr)
        return 1
    port = server.get_bound_port()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    if args.ready_file:
        write_ready_file(args.ready_file, port)
    mounts = ", ".join(f"{m} ({w}x{h})" for m, (w, h) in args.mount)
    print(f"simcam: rtsp://{args.address}:{port} serving {mounts}", flush=True)
    loop.run()
    print("simcam: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
