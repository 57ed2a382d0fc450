"""Unit tests of the MediaMTX Control API client and of the node configuration.

The client's error paths are exercised with httpx.MockTransport: a real MediaMTX cannot
be made to time out, answer 500 or echo a password on demand.
"""

from __future__ import annotations

import json
import pickle
import socket
import traceback
from collections.abc import Callable
from urllib.parse import parse_qs

import httpx
import pytest
import yaml  # installed with drf-spectacular

from proxy.mediamtx import (
    MediaMTXClient,
    MediaMTXError,
    MediaMTXNotFound,
    MediaMTXRejected,
    MediaMTXUnavailable,
)
from proxy.nodeconfig import PortInUse, check_port_free, render_node_config

BASE = "http://127.0.0.1:9997"
SECRET_SOURCE = "rtsp://admin:s3cretPass@10.0.0.5:554/Streaming/Channels/101"

Handler = Callable[[httpx.Request], httpx.Response]


def client_with(handler: Handler, **kwargs: object) -> tuple[MediaMTXClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    return MediaMTXClient(BASE, transport=httpx.MockTransport(recording), **kwargs), seen


def query(request: httpx.Request) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(request.url.query.decode()).items()}


def paged(items: list[dict], *, with_page_count: bool = True) -> Handler:
    """A list endpoint that pages like MediaMTX (page is 0-based)."""

    def handler(request: httpx.Request) -> httpx.Response:
        params = query(request)
        size, page = int(params["itemsPerPage"]), int(params.get("page", "0"))
        body: dict[str, object] = {
            "itemCount": len(items),
            "items": items[page * size : (page + 1) * size],
        }
        if with_page_count:
            body["pageCount"] = -(-len(items) // size)
        return httpx.Response(200, json=body)

    return handler


def all_text(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)) + repr(exc) + repr(vars(exc))


# Listing and pagination


def test_config_paths_are_read_page_by_page_until_the_page_count() -> None:
    items = [{"name": f"cam/{i}", "source": "publisher"} for i in range(5)]
    client, seen = client_with(paged(items), page_size=2)

    paths = client.list_config_paths()

    assert sorted(paths) == [f"cam/{i}" for i in range(5)]
    assert [query(r) for r in seen] == [{"page": str(p), "itemsPerPage": "2"} for p in range(3)]


def test_pagination_without_a_page_count_stops_at_a_short_page() -> None:
    items = [{"name": f"cam/{i}"} for i in range(3)]
    client, seen = client_with(paged(items, with_page_count=False), page_size=2)

    assert sorted(client.list_config_paths()) == ["cam/0", "cam/1", "cam/2"]
    assert len(seen) == 2


def test_an_empty_list_takes_one_request() -> None:
    client, seen = client_with(
        lambda r: httpx.Response(200, json={"itemCount": 0, "pageCount": 0, "items": []})
    )

    assert client.list_paths() == []
    assert len(seen) == 1


def test_a_path_that_moves_to_the_next_page_is_listed_once() -> None:
    pages = [[{"name": "cam/a"}, {"name": "cam/b"}], [{"name": "cam/b"}, {"name": "cam/c"}]]
    client, _ = client_with(
        lambda r: httpx.Response(200, json={"pageCount": 2, "items": pages[int(query(r)["page"])]}),
        page_size=2,
    )

    assert [p["name"] for p in client.list_paths()] == ["cam/a", "cam/b", "cam/c"]


def test_every_list_request_passes_an_explicit_items_per_page_of_at_least_one() -> None:
    client, seen = client_with(paged([{"name": "cam/x", "id": "1"}]))

    client.list_config_paths()
    client.list_paths()
    client.list_rtsp_sessions()
    client.list_webrtc_sessions()

    assert len(seen) == 4
    assert all(int(query(r)["itemsPerPage"]) >= 1 for r in seen)


def test_a_page_size_below_one_is_refused_before_any_request() -> None:
    with pytest.raises(ValueError, match="page_size"):
        MediaMTXClient(BASE, page_size=0)


def test_runtime_paths_are_returned_as_mediamtx_reports_them() -> None:
    item = {
        "name": "cam/x",
        "ready": True,
        "readers": [{"type": "rtspSession", "id": "9"}],
        "bytesReceived": 42,
    }
    client, seen = client_with(paged([item]))

    assert client.list_paths() == [item]
    assert seen[0].url.path == "/v3/paths/list"


def test_a_list_answer_that_is_not_json_is_unavailable() -> None:
    client, _ = client_with(lambda r: httpx.Response(200, text="<html>proxy error</html>"))

    with pytest.raises(MediaMTXUnavailable):
        client.list_config_paths()


# Success shapes and path names


@pytest.mark.parametrize(
    "answer",
    [httpx.Response(200), httpx.Response(200, json={"status": "ok"})],
    ids=["v1.5.1 empty body", "current status ok"],
)
def test_both_success_shapes_count_as_success(answer: httpx.Response) -> None:
    client, seen = client_with(lambda r: answer)

    client.add_path("cam/3f2a", {"source": "publisher"})
    client.patch_path("cam/3f2a", {"sourceOnDemand": True})
    assert client.delete_path("cam/3f2a") is True
    assert [r.method for r in seen] == ["POST", "PATCH", "DELETE"]


def test_a_path_name_keeps_its_slash_in_the_url_and_the_config_is_the_json_body() -> None:
    client, seen = client_with(lambda r: httpx.Response(200))

    client.add_path("cam/3f2a-b1", {"source": "publisher", "record": False})

    assert seen[0].url.raw_path == b"/v3/config/paths/add/cam/3f2a-b1"
    assert json.loads(seen[0].content) == {"source": "publisher", "record": False}


def test_an_empty_path_name_is_refused_before_any_request() -> None:
    client, seen = client_with(lambda r: httpx.Response(200))

    with pytest.raises(ValueError):
        client.delete_path("")
    assert seen == []


def test_getting_an_unconfigured_path_raises_not_found() -> None:
    client, _ = client_with(
        lambda r: httpx.Response(404, json={"error": "path configuration not found"})
    )

    with pytest.raises(MediaMTXNotFound):
        client.get_config_path("cam/gone")


# replace and delete


def test_replace_on_unknown_path_falls_back_to_add() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if "/replace/" in request.url.path:
            return httpx.Response(404, json={"error": "path not found"})
        return httpx.Response(200)

    client, seen = client_with(handler)

    client.replace_path("cam/new", {"source": "publisher"})

    assert [r.url.path for r in seen] == [
        "/v3/config/paths/replace/cam/new",
        "/v3/config/paths/add/cam/new",
    ]
    assert seen[0].content == seen[1].content


def test_replace_that_upserts_does_not_add() -> None:
    client, seen = client_with(lambda r: httpx.Response(200, json={"status": "ok"}))

    client.replace_path("cam/new", {"source": "publisher"})

    assert len(seen) == 1


def test_replace_retries_once_when_the_path_appeared_between_replace_and_add() -> None:
    answers = iter(
        [
            httpx.Response(404, json={"error": "path not found"}),
            httpx.Response(400, json={"error": "path already exists"}),
            httpx.Response(200),
        ]
    )
    client, seen = client_with(lambda r: next(answers))

    client.replace_path("cam/raced", {"source": "publisher"})

    assert [r.url.path.split("/")[4] for r in seen] == ["replace", "add", "replace"]


def test_deleting_an_unknown_path_returns_false() -> None:
    client, _ = client_with(lambda r: httpx.Response(404, json={"error": "path not found"}))

    assert client.delete_path("cam/gone") is False


# Errors


@pytest.mark.parametrize(
    "body",
    [
        {"error": 'json: unknown field "retention"'},
        {"status": "error", "error": 'json: unknown field "retention"'},
    ],
    ids=["v1.5.1", "current"],
)
def test_a_400_raises_rejected_carrying_the_server_text(body: dict) -> None:
    client, _ = client_with(lambda r: httpx.Response(400, json=body))

    with pytest.raises(MediaMTXRejected) as caught:
        client.add_path("cam/x", {"source": "publisher", "retention": "7d"})

    assert caught.value.status == 400
    assert caught.value.error == 'json: unknown field "retention"'
    assert "POST /v3/config/paths/add/cam/x" in str(caught.value)
    assert not isinstance(caught.value, MediaMTXUnavailable)


@pytest.mark.parametrize(
    "failure",
    [
        lambda r: httpx.Response(500, json={"error": "terminated"}),
        lambda r: httpx.Response(503, text="Service Unavailable"),
    ],
    ids=["500", "503"],
)
def test_a_server_error_raises_unavailable(failure: Handler) -> None:
    client, _ = client_with(failure)

    with pytest.raises(MediaMTXUnavailable) as caught:
        client.list_paths()
    assert caught.value.status in (500, 503)


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.ReadTimeout("timed out"),
        httpx.ConnectTimeout("x"),
    ],
    ids=["refused", "read timeout", "connect timeout"],
)
def test_a_connection_failure_or_timeout_raises_unavailable(exc: httpx.HTTPError) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    client, _ = client_with(handler)

    with pytest.raises(MediaMTXUnavailable) as caught:
        client.add_path("cam/x", {"source": SECRET_SOURCE})
    assert caught.value.status is None
    assert "s3cretPass" not in all_text(caught.value)


def test_both_error_kinds_share_one_base_class_and_not_found_is_a_rejection() -> None:
    assert issubclass(MediaMTXUnavailable, MediaMTXError)
    assert issubclass(MediaMTXRejected, MediaMTXError)
    assert issubclass(MediaMTXNotFound, MediaMTXRejected)
    assert not issubclass(MediaMTXUnavailable, MediaMTXRejected)


def test_an_error_survives_pickling_as_celery_stores_it() -> None:
    client, _ = client_with(lambda r: httpx.Response(503, text="busy"))
    with pytest.raises(MediaMTXUnavailable) as caught:
        client.delete_path("cam/x")

    copy = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 - our own bytes
    rebuilt = type(caught.value)(*caught.value.args)

    assert (
        str(copy)
        == str(rebuilt)
        == str(caught.value)
        == "MediaMTX DELETE /v3/config/paths/delete/cam/x: HTTP 503: busy"
    )
    assert copy.status == 503


def test_a_redirect_is_not_followed_and_is_rejected() -> None:
    client, seen = client_with(
        lambda r: httpx.Response(307, headers={"Location": "http://elsewhere/"})
    )

    with pytest.raises(MediaMTXRejected):
        client.delete_path("cam/x")
    assert len(seen) == 1


QUERY_SECRET_SOURCE = "rtsp://10.0.0.7:554/user=admin&password=s3cretPass&channel=1&stream=0.sdp"


@pytest.mark.parametrize(
    ("source", "echo"),
    [
        (SECRET_SOURCE, f"invalid source: '{SECRET_SOURCE}'"),
        (QUERY_SECRET_SOURCE, f"invalid source: '{QUERY_SECRET_SOURCE}'"),
        ("publisher", "dial rtsp://admin:s3cretPass@10.0.0.6:554: refused"),  # a URL not sent
        ("publisher", "dial rtsp://admin:s3cret@Pass@10.0.0.6:554: refused"),  # decoded "@"
        (SECRET_SOURCE, "x" * 459 + f" invalid source: '{SECRET_SOURCE}'"),  # cut by truncation
    ],
    ids=["userinfo", "credentials in the path", "unsent URL", "@ in password", "long text"],
)
def test_a_camera_password_never_appears_in_an_exception_or_the_log(
    source: str, echo: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    client, _ = client_with(lambda r: httpx.Response(400, json={"error": echo}))

    with pytest.raises(MediaMTXRejected) as caught:
        client.replace_path("cam/x", {"source": source, "sourceOnDemand": True})

    assert "s3cret" not in all_text(caught.value)
    assert "s3cret" not in caplog.text
    assert caught.value.error.lstrip("x ").startswith(("invalid source: ", "dial rtsp://***@10"))


# Sessions and recordings


def test_kicking_a_session_posts_its_id_and_an_ended_session_returns_false() -> None:
    answers = iter([httpx.Response(200), httpx.Response(404, json={"error": "session not found"})])
    client, seen = client_with(lambda r: next(answers))

    assert client.kick_rtsp_session("5d8a6c1e-0000-4000-8000-000000000001") is True
    assert client.kick_webrtc_session("5d8a6c1e-0000-4000-8000-000000000002") is False
    assert [(r.method, r.url.path) for r in seen] == [
        ("POST", "/v3/rtspsessions/kick/5d8a6c1e-0000-4000-8000-000000000001"),
        ("POST", "/v3/webrtcsessions/kick/5d8a6c1e-0000-4000-8000-000000000002"),
    ]


def test_webrtc_sessions_of_a_node_without_webrtc_are_an_empty_list() -> None:
    client, _ = client_with(lambda r: httpx.Response(404, text="404 page not found"))

    assert client.list_webrtc_sessions() == []


def test_recordings_of_a_path_are_its_segments() -> None:
    segments = [
        {"start": "2024-05-01T10:00:00.123456+08:00"},
        {"start": "2024-05-01T11:00:00+08:00"},
    ]
    client, seen = client_with(
        lambda r: httpx.Response(200, json={"name": "cam/x", "segments": segments})
    )

    assert client.list_recordings("cam/x") == segments
    assert seen[0].url.path == "/v3/recordings/get/cam/x"


def test_deleting_a_segment_passes_path_and_start_and_a_missing_file_returns_false() -> None:
    start = "2024-05-01T10:00:00.123456+08:00"
    answers = iter(
        [
            httpx.Response(200),
            httpx.Response(
                400, json={"error": "remove /rec/cam/x/2024.mp4: no such file or directory"}
            ),
        ]
    )
    client, seen = client_with(lambda r: next(answers))

    assert client.delete_recording_segment("cam/x", start) is True
    assert client.delete_recording_segment("cam/x", start) is False
    assert seen[0].method == "DELETE"
    assert seen[0].url.path == "/v3/recordings/deletesegment"
    assert query(seen[0]) == {"path": "cam/x", "start": start}


# Node configuration

PORTS = {
    "api_port": 19997,
    "rtsp_port": 18554,
    "hls_port": 18888,
    "webrtc_port": 18889,
    "playback_port": 19996,
    "rtp_port": 18000,
    "rtcp_port": 18001,
}
HOOK = "http://127.0.0.1:8000/proxy/auth"

# Global keys of MediaMTX v1.5.1 (internal/conf/conf.go); it refuses unknown keys.
V151_GLOBAL_KEYS = {
    "logLevel",
    "logDestinations",
    "logFile",
    "readTimeout",
    "writeTimeout",
    "writeQueueSize",
    "udpMaxPayloadSize",
    "externalAuthenticationURL",
    "metrics",
    "metricsAddress",
    "pprof",
    "pprofAddress",
    "runOnConnect",
    "runOnConnectRestart",
    "runOnDisconnect",
    "api",
    "apiAddress",
    "playback",
    "playbackAddress",
    "rtsp",
    "protocols",
    "encryption",
    "rtspAddress",
    "rtspsAddress",
    "rtpAddress",
    "rtcpAddress",
    "multicastIPRange",
    "multicastRTPPort",
    "multicastRTCPPort",
    "serverKey",
    "serverCert",
    "authMethods",
    "rtmp",
    "rtmpAddress",
    "rtmpEncryption",
    "rtmpsAddress",
    "rtmpServerKey",
    "rtmpServerCert",
    "hls",
    "hlsAddress",
    "hlsEncryption",
    "hlsServerKey",
    "hlsServerCert",
    "hlsAlwaysRemux",
    "hlsVariant",
    "hlsSegmentCount",
    "hlsSegmentDuration",
    "hlsPartDuration",
    "hlsSegmentMaxSize",
    "hlsAllowOrigin",
    "hlsTrustedProxies",
    "hlsDirectory",
    "webrtc",
    "webrtcAddress",
    "webrtcEncryption",
    "webrtcServerKey",
    "webrtcServerCert",
    "webrtcAllowOrigin",
    "webrtcTrustedProxies",
    "webrtcLocalUDPAddress",
    "webrtcLocalTCPAddress",
    "webrtcIPsFromInterfaces",
    "webrtcIPsFromInterfacesList",
    "webrtcAdditionalHosts",
    "webrtcICEServers2",
    "srt",
    "srtAddress",
    "pathDefaults",
    "paths",
}


def rendered(**overrides: object) -> dict:
    kwargs: dict = {
        **PORTS,
        "auth_hook_url": HOOK,
        "record_dir": "/var/lib/pantau/rec",
        **overrides,
    }
    return yaml.safe_load(render_node_config(**kwargs))


def test_rendered_config_uses_every_given_port() -> None:
    conf = rendered()

    assert conf["apiAddress"] == "127.0.0.1:19997"
    assert conf["playbackAddress"] == "127.0.0.1:19996"
    assert conf["rtspAddress"] == ":18554"
    assert conf["rtpAddress"] == ":18000"
    assert conf["rtcpAddress"] == ":18001"
    assert conf["hlsAddress"] == ":18888"
    assert conf["webrtcAddress"] == ":18889"
    assert conf["webrtcLocalUDPAddress"] == ":18889"
    assert "$" not in render_node_config(**PORTS, auth_hook_url=HOOK, record_dir="/r")


def test_api_and_playback_server_listen_on_loopback_only() -> None:
    conf = rendered()

    assert conf["api"] is True
    assert conf["apiAddress"].startswith("127.0.0.1:")
    assert conf["playback"] is True
    assert conf["playbackAddress"].startswith("127.0.0.1:")


def test_every_read_and_publish_asks_the_portal_hook() -> None:
    conf = rendered()

    assert conf["externalAuthenticationURL"] == HOOK
    assert conf["authMethods"] == ["basic"]


def test_no_path_exists_until_the_portal_configures_one() -> None:
    conf = rendered()

    assert conf["paths"] == {}
    assert conf["pathDefaults"]["record"] is False


def test_recordings_go_under_the_record_dir_one_directory_per_path() -> None:
    conf = rendered(record_dir="/srv/rec dir/")

    assert conf["pathDefaults"]["recordPath"] == "/srv/rec dir/%path/%Y-%m-%d_%H-%M-%S-%f"


def test_rendered_config_uses_only_keys_mediamtx_v1_5_1_knows() -> None:
    conf = rendered()

    assert set(conf) <= V151_GLOBAL_KEYS
    assert conf["logLevel"] == "warn"


def test_webrtc_can_be_switched_off_and_given_its_own_udp_port() -> None:
    assert rendered(webrtc_enabled=False)["webrtc"] is False
    assert rendered(webrtc_udp_port=18189)["webrtcLocalUDPAddress"] == ":18189"


@pytest.mark.parametrize(
    "overrides",
    [
        {"api_port": 0},
        {"rtsp_port": 70000},
        {"rtp_port": 18001, "rtcp_port": 18002},
        {"rtcp_port": 18003},
        {"hls_port": "8888"},
        {"auth_hook_url": "ftp://x"},
        {"log_level": "loud"},
    ],
)
def test_invalid_node_settings_are_refused(overrides: dict) -> None:
    with pytest.raises(ValueError):
        rendered(**overrides)


def test_a_free_port_passes_the_check() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    check_port_free("127.0.0.1", port)


def test_a_port_in_use_is_reported_with_its_number_and_what_to_do() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]

        with pytest.raises(PortInUse) as caught:
            check_port_free("127.0.0.1", port)

    assert caught.value.port == port
    assert str(port) in str(caught.value)
    assert "another port" in str(caught.value)


def test_a_udp_port_in_use_is_reported() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as holder:
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]

        with pytest.raises(PortInUse, match="UDP"):
            check_port_free("127.0.0.1", port, kind="udp")
