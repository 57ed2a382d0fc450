"""The SSRF guard on camera URLs."""

from __future__ import annotations

import pytest

from portal.cameras.urls_check import InvalidCameraURL, clean_rtsp_url


def test_credentials_in_the_url_are_split_off_and_never_kept_in_it():
    clean = clean_rtsp_url("rtsp://admin:p%40ss@36.66.1.2:8554/Streaming/Channels/101")
    assert clean.url == "rtsp://36.66.1.2:8554/Streaming/Channels/101"
    assert clean.credentials.username == "admin"
    assert clean.credentials.password == "p@ss"
    assert "p@ss" not in repr(clean)


def test_scheme_and_host_are_normalized_to_lower_case():
    assert clean_rtsp_url("RTSP://36.66.1.2/a").url == "rtsp://36.66.1.2/a"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Enter the camera's RTSP URL"),
        ("file:///etc/passwd", "Only rtsp:// and rtsps://"),
        ("http://36.66.1.2/stream", "Only rtsp:// and rtsps://"),
        ("rtsp://", "has no host"),
        ("rtsp://36.66.1.2:99999/x", "invalid port"),
        ("rtsp://36.66.1.2:0/x", "invalid port"),
        ("rtsp://" + "a" * 600 + ".id/x", "too long"),
        ("rtsp://１２７.0.0.1/x", "non-ASCII"),
        ("rtsp://саmera.id/x", "non-ASCII"),
        ("rtsp://36.66.1.2/a b", "spaces"),
        ("rtsp://bad_host!.id/x", "not valid"),
    ],
)
def test_malformed_urls_are_refused_with_what_to_fix(url, message):
    with pytest.raises(InvalidCameraURL, match=message):
        clean_rtsp_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "rtsp://10.0.0.5/stream",
        "rtsp://192.168.1.10:554/stream",
        "rtsp://172.16.0.1/stream",
        "rtsp://169.254.169.254/latest",
        "rtsp://127.0.0.1:8554/x",
        "rtsp://[::1]/x",
        "rtsp://[::ffff:10.0.0.1]/x",
        "rtsp://0.0.0.0/x",
        "rtsp://224.0.0.1/x",
        "rtsp://2130706433/x",
        "rtsp://localhost/x",
    ],
)
def test_private_loopback_and_reserved_hosts_are_refused(settings, url):
    settings.PANTAU_CAMERA_ALLOWED_NETWORKS = []
    with pytest.raises(InvalidCameraURL, match="private or reserved network"):
        clean_rtsp_url(url)


def test_an_allow_listed_network_is_accepted(settings):
    settings.PANTAU_CAMERA_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    assert clean_rtsp_url("rtsp://127.0.0.1:8554/4mp").port == 8554


def test_a_host_that_does_not_resolve_is_refused():
    with pytest.raises(InvalidCameraURL, match="does not resolve"):
        clean_rtsp_url("rtsp://no-such-camera.invalid/x")
