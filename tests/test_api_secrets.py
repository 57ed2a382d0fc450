"""A camera password set through the API is never shown back, logged, audited or echoed.

The password goes in both ways an owner can give it (a field, the URL's userinfo), then
every endpoint that talks about the camera, the audit list, the audit table, the log and
the error messages of bad requests are searched for it.
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import quote

import pytest
from django.core import serializers as django_serializers
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from portal.audit.models import AuditRecord
from portal.cameras.crypto import decrypt_credentials
from portal.cameras.models import Camera, Verification

PASSWORD = "S3cret-Kamera-Pw!"
OTHER_PASSWORD = "0ther-Kamera-Pw~"
SECRETS = [PASSWORD, quote(PASSWORD), OTHER_PASSWORD, quote(OTHER_PASSWORD, safe="")]


def _as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"camera password found in {where}"


@pytest.fixture
def leaks(caplog, settings):
    """Log everything at DEBUG, SQL included, so a leaked password would show up."""
    settings.DEBUG = True  # Django logs SQL with its parameters only in debug mode
    for name in ["", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog
    records = caplog.get_records("call")
    assert any("INSERT" in r.getMessage() for r in records), "SQL was not logged"
    assert_no_secret("\n".join(r.getMessage() for r in records), "the log")
    records = django_serializers.serialize("json", AuditRecord.objects.all())
    assert_no_secret(records, "the audit table")


def _enroll(owner: APIClient, site_id: int, name: str, **source) -> dict:
    body = {
        "site": site_id,
        "name": name,
        "description": "Faces the street",
        "faces_public_area": True,
        "signage_posted": True,
        "mode": "pull",
        **source,
    }
    response = owner.post("/api/v1/cameras/", body, format="json")
    assert_no_secret(response.content.decode(), f"the enrollment answer of {name}")
    assert response.status_code == 201, response.json()
    return response.json()


def _site(owner: APIClient, p) -> int:
    body = {
        "organization": p.owner_org.pk,
        "name": "Front",
        "address": "Jl. Pantai Kuta 1",
        "latitude": "-8.718",
        "longitude": "115.168",
    }
    return owner.post("/api/v1/sites/", body, format="json").json()["id"]


@pytest.mark.parametrize(
    "source",
    [
        {"url": "rtsp://36.66.10.21:554/main", "username": "admin", "password": PASSWORD},
        {"url": f"rtsp://admin:{PASSWORD}@36.66.10.21:554/main"},
        {"url": f"rtsp://admin:{quote(PASSWORD, safe='')}@36.66.10.21:554/main"},
    ],
    ids=["as-a-field", "in-the-url", "percent-encoded-in-the-url"],
)
def test_a_camera_password_appears_in_no_answer_log_or_audit_record(p, leaks, source):
    owner = _as(p.owner)
    camera = _enroll(owner, _site(owner, p), "Street", **source)
    stored = Camera.objects.get(pk=camera["id"])
    assert decrypt_credentials(stored.credentials).password == PASSWORD
    assert camera["source_url"] == "rtsp://36.66.10.21:554/main"
    assert "credentials" not in camera and "password" not in camera
    _approve_and_share(p, camera)
    for client, path in _every_read(p, camera):
        for accept in ("application/json", "text/html"):  # the browsable API too
            response = client.get(path, HTTP_ACCEPT=accept)
            assert response.status_code == 200, (path, response.status_code)
            assert_no_secret(response.content.decode(), f"{path} as {accept}")


def _approve_and_share(p, camera: dict) -> None:
    Verification.objects.filter(camera_id=camera["id"]).update(
        status="ok", width=2560, height=1440, meets_min_resolution=True, finished_at=timezone.now()
    )
    owner, reviewer = _as(p.owner), _as(p.reviewer)
    for response in (
        owner.post(f"/api/v1/cameras/{camera['id']}/verify/"),
        reviewer.post(f"/api/v1/cameras/{camera['id']}/review/", {"approve": True}),
    ):
        assert_no_secret(response.content.decode(), response.request["PATH_INFO"])
    now = timezone.now()
    agreement = owner.post(
        "/api/v1/agreements/",
        {
            "organization": p.owner_org.pk,
            "cameras": [camera["id"]],
            "access_level": "live",
            "valid_from": now.isoformat(),
            "valid_until": (now + dt.timedelta(days=30)).isoformat(),
        },
        format="json",
    ).json()
    sha = agreement["template_sha256"]
    owner.post(f"/api/v1/agreements/{agreement['id']}/sign/", {"template_sha256": sha})
    grants = [{"organization": p.police_a_org.pk, "live": True}]
    approved = reviewer.post(
        f"/api/v1/agreements/{agreement['id']}/approve/", {"grants": grants}, format="json"
    )
    assert approved.status_code == 200, approved.json()


def _every_read(p, camera: dict) -> list[tuple[APIClient, str]]:
    cam = f"/api/v1/cameras/{camera['id']}/"
    owner, reviewer, auditor = _as(p.owner), _as(p.reviewer), _as(p.auditor)
    return [
        (owner, cam),
        (owner, "/api/v1/cameras/"),
        (owner, f"{cam}verifications/"),
        (owner, "/api/v1/agreements/"),
        (owner, "/api/v1/grants/"),
        (owner, "/api/v1/sites/"),
        (owner, "/api/v1/audit/"),
        (reviewer, cam),
        (reviewer, "/api/v1/cameras/"),
        (auditor, "/api/v1/audit/"),
        (auditor, f"/api/v1/audit/?object_id={camera['id']}"),
        (_as(p.police_a), cam),
        (_as(p.police_a), "/api/v1/cameras/"),
        (_as(p.platform_admin), "/api/v1/cameras/"),
    ]


def test_changing_the_password_through_the_api_leaks_it_nowhere(p, leaks):
    owner = _as(p.owner)
    camera = _enroll(owner, _site(owner, p), "Street", url="rtsp://36.66.10.23/main")
    path = f"/api/v1/cameras/{camera['id']}/"
    for change in (
        {"password": PASSWORD},
        {"url": f"rtsp://operator:{OTHER_PASSWORD}@36.66.10.23/main"},
        {"username": "admin", "password": OTHER_PASSWORD},
    ):
        response = owner.patch(path, change, format="json")
        assert response.status_code == 200, response.json()
        assert_no_secret(response.content.decode(), f"the answer to PATCH {sorted(change)}")
        assert response.json()["has_credentials"] is True
    for client, read in _every_read(p, camera)[:7]:
        assert_no_secret(client.get(read).content.decode(), read)


@pytest.mark.parametrize(
    "source",
    [
        {"url": f"rtsp://admin:{PASSWORD}@10.0.0.5/main"},
        {"url": f"http://admin:{PASSWORD}@36.66.10.30/main"},
        {"url": f"rtsp://admin:{PASSWORD}@/main"},
        {"url": f"rtsp://admin:{PASSWORD}@36.66.10.30:99999/main"},
        {"url": f"rtsp://admin:{PASSWORD}@36.66.10.30:port/main"},
        {"url": f"rtsp://admin:{PASSWORD}@bad_host!/main"},
        {"url": f"rtsp://admin:{PASSWORD}@ｃａｍ.example/main"},
        {"url": f"rtsp://admin:{PASSWORD}@36.66.10.30/" + "a" * 600},
        {"url": "rtsp://36.66.10.30/main", "password": PASSWORD + "x" * 300},
        {"url": f"rtsp://admin:{PASSWORD} @36.66.10.30/main"},
    ],
    ids=[
        "private",
        "scheme",
        "no-host",
        "port-range",
        "port-text",
        "bad-host",
        "fullwidth",
        "too-long",
        "password-too-long",
        "space",
    ],
)
def test_errors_about_a_bad_url_do_not_repeat_the_password(p, leaks, source):
    owner = _as(p.owner)
    site_id = _site(owner, p)
    before = (Camera.objects.count(), AuditRecord.objects.count())
    body = {"site": site_id, "name": "Bad", "description": "x", "mode": "pull", **source}
    body |= {"faces_public_area": True, "signage_posted": True}
    response = owner.post("/api/v1/cameras/", body, format="json")
    assert response.status_code == 400, response.json()
    assert_no_secret(response.content.decode(), "the error message")
    assert (Camera.objects.count(), AuditRecord.objects.count()) == before


def test_a_duplicate_camera_with_another_password_is_refused_without_echoing_either(p, leaks):
    owner = _as(p.owner)
    site_id = _site(owner, p)
    _enroll(owner, site_id, "First", url=f"rtsp://admin:{PASSWORD}@36.66.10.40/main")
    before = (Camera.objects.count(), AuditRecord.objects.count())
    response = owner.post(
        "/api/v1/cameras/",
        {
            "site": site_id,
            "name": "Second",
            "description": "Same camera again",
            "faces_public_area": True,
            "signage_posted": True,
            "mode": "pull",
            "url": f"rtsp://admin:{OTHER_PASSWORD}@36.66.10.40/main",
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "This camera URL is already enrolled."
    assert_no_secret(response.content.decode(), "the duplicate error")
    assert (Camera.objects.count(), AuditRecord.objects.count()) == before


def test_the_admin_pages_never_show_camera_credentials(p, leaks):
    owner = _as(p.owner)
    camera = _enroll(owner, _site(owner, p), "Street", url=f"rtsp://admin:{PASSWORD}@36.66.10.50/a")
    stored = Camera.objects.get(pk=camera["id"])
    p.platform_admin.is_staff = p.platform_admin.is_superuser = True
    p.platform_admin.save()
    browser = Client()
    browser.force_login(p.platform_admin)
    for path in (
        "/admin/cameras/camera/",
        f"/admin/cameras/camera/{camera['id']}/change/",
        "/admin/audit/auditrecord/",
    ):
        response = browser.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert_no_secret(html, path)
        assert bytes(stored.credentials).decode() not in html
        assert "publish_secret_hash" not in html and "Credentials" not in html
