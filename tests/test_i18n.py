"""Bahasa Indonesia (the default) and English: complete catalogs, localized API answers."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

import portal.settings as project_settings
from portal.cameras.models import Site, Verification
from tests.factories import make_camera, make_site

LOCALE = Path(project_settings.BASE_DIR) / "portal" / "locale"
FILE_URL_ID = "Hanya URL kamera rtsp:// dan rtsps:// yang diterima, bukan file."
FILE_URL_EN = "Only rtsp:// and rtsps:// camera URLs are accepted, not file."


def _as(user, language: str | None) -> APIClient:
    client = APIClient(**({"HTTP_ACCEPT_LANGUAGE": language} if language else {}))
    client.force_authenticate(user)
    return client


@pytest.fixture
def site(p) -> Site:
    return make_site(p.owner_org)


def _enroll(client: APIClient, site_id: int, url: str) -> Any:
    body = {
        "site": site_id,
        "name": "Street",
        "description": "Faces the street",
        "faces_public_area": True,
        "signage_posted": True,
        "mode": "pull",
        "url": url,
    }
    return client.post("/api/v1/cameras/", body, format="json")


def test_the_indonesian_catalog_has_no_untranslated_or_fuzzy_entry():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", "django.po"],
        cwd=LOCALE / "id" / "LC_MESSAGES",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "translated messages" in result.stderr, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def test_indonesian_is_the_default_language():
    assert project_settings.LANGUAGE_CODE == "id"


@pytest.mark.parametrize(
    ("language", "says"),
    [("id", FILE_URL_ID), ("en", FILE_URL_EN), (None, FILE_URL_ID)],
)
def test_a_service_error_is_answered_in_the_language_asked_for(p, site, settings, language, says):
    settings.LANGUAGE_CODE = project_settings.LANGUAGE_CODE  # no header: the real default
    response = _enroll(_as(p.owner, language), site.pk, "file:///etc/passwd")
    assert response.status_code == 400, response.content
    assert response.json()["detail"] == says


def test_an_unusable_related_id_is_refused_with_the_model_name_translated(p, site):
    response = _enroll(_as(p.owner, "id"), 999_999, "rtsp://36.66.20.1/stream")
    assert response.status_code == 400, response.content
    assert response.json()["site"] == ['Tidak ada lokasi "999999" yang dapat Anda gunakan.']


@pytest.mark.parametrize(
    ("status", "stored", "language", "shown"),
    [
        (
            Verification.Status.OK,
            "The camera sent video: 2560x1440 at 25 fps (H.264).",
            "id",
            "Kamera mengirim video: 2560x1440 pada 25 fps (H.264).",
        ),
        (
            Verification.Status.OK,
            "The camera sent video: 2560x1440 at 25 fps (H.264).",
            "en",
            "The camera sent video: 2560x1440 at 25 fps (H.264).",
        ),
        (
            Verification.Status.AUTH_FAILED,
            "The camera refused the username or password. Check the credentials you entered.",
            "id",
            "Kamera menolak nama pengguna atau kata sandi. "
            "Periksa kembali kredensial yang Anda masukkan.",
        ),
        (
            Verification.Status.TIMEOUT,
            "The camera opened the stream but sent no video within 8 seconds. Check ...",
            "en",
            "The camera did not answer in time. "
            "Check the port and that the camera is not overloaded.",
        ),
    ],
)
def test_a_verification_message_is_localized_and_the_stored_text_kept_as_detail(
    p, site, status, stored, language, shown
):
    camera = make_camera(site)
    camera.verifications.update(status=status, message=stored)
    response = _as(p.owner, language).get(f"/api/v1/cameras/{camera.pk}/verifications/")
    assert response.status_code == 200, response.content
    [verification] = response.json()["results"]
    assert verification["message"] == shown
    assert verification["detail"] == stored
