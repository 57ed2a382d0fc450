"""The whole onboarding through the API only: sign-up to a police viewer seeing the camera.

The stream probe does not run here (on_commit hooks do not fire inside the test
transaction); the verification result is written directly, as the worker would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIClient

from portal.cameras.models import Camera, Verification
from tests.factories import make_camera, make_site

SIGNUP = {
    "email": "Made@Hotel-Legian.id",
    "password": "a long enough passphrase 42",
    "full_name": "I Made Wirawan",
    "organization": {
        "kind": "accommodation",
        "name": "Hotel Legian Asri",
        "nib": "8120000123456",
        "accommodation_type": "hotel",
        "address": "Jl. Legian 12",
        "kecamatan": "51.03.01",
        "desa": "51.03.01.1002",
        "contact_name": "I Made Wirawan",
        "contact_phone": "081234567890",
        "contact_email": "frontdesk@hotel-legian.id",
        "licensed_on": "2026-03-01",
    },
}


def _as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _sign_up_and_log_in(mailoutbox, django_capture_on_commit_callbacks) -> APIClient:
    anonymous = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post("/api/v1/signup/", SIGNUP, format="json")
    assert response.status_code == 201, response.json()
    assert "made@hotel-legian.id" in response.json()["detail"]
    credentials = {"username": "made@hotel-legian.id", "password": SIGNUP["password"]}
    assert anonymous.post("/api/v1/auth/token/", credentials).status_code == 400
    uid, token = re.search(r"/confirm/([^/]+)/([^/]+)/", mailoutbox[0].body).groups()
    response = anonymous.post("/api/v1/signup/confirm/", {"uid": uid, "token": token})
    assert response.status_code == 200, response.json()
    token_response = anonymous.post("/api/v1/auth/token/", credentials)
    assert token_response.status_code == 200
    owner = APIClient()
    owner.credentials(HTTP_AUTHORIZATION=f"Token {token_response.json()['token']}")
    return owner


def _enroll_site_and_camera(owner: APIClient) -> dict:
    (org,) = owner.get("/api/v1/organizations/").json()["results"]
    assert org["under_4mp_rule"] is True
    assert org["contact_phone"].startswith("+62")
    desa = owner.get("/api/v1/regions/", {"level": 4, "parent": "51.03.01"}).json()["results"]
    site = owner.post(
        "/api/v1/sites/",
        {
            "organization": org["id"],
            "name": "Main entrance",
            "address": "Jl. Legian 12",
            "desa": desa[0]["code"],
            "latitude": "-8.7050",
            "longitude": "115.1700",
        },
        format="json",
    )
    assert site.status_code == 201, site.json()
    camera = owner.post(
        "/api/v1/cameras/",
        {
            "site": site.json()["id"],
            "name": "Jalan Legian",
            "description": "Faces Jalan Legian and the sidewalk",
            "faces_public_area": True,
            "signage_posted": True,
            "mode": "pull",
            "url": "rtsp://admin:kamera-pw-1@36.66.10.20:554/Streaming/Channels/101",
        },
        format="json",
    )
    assert camera.status_code == 201, camera.json()
    return camera.json()


def _probe_result(camera_id: str) -> None:
    """What the worker would store after probing a 4 MP stream."""
    Verification.objects.filter(camera_id=camera_id).update(
        status=Verification.Status.OK,
        width=2560,
        height=1440,
        fps=25,
        codec="h264",
        meets_min_resolution=True,
        finished_at=timezone.now(),
    )


@pytest.mark.django_db
def test_an_owner_signs_up_and_police_a_ends_up_watching_the_approved_camera(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    owner = _sign_up_and_log_in(mailoutbox, django_capture_on_commit_callbacks)
    camera = _enroll_site_and_camera(owner)
    assert camera["source_url"] == "rtsp://36.66.10.20:554/Streaming/Channels/101"
    assert camera["has_credentials"] is True
    assert camera["latest_verification"]["status"] == "pending"
    assert camera["review_state"] == "pending"

    _probe_result(camera["id"])
    reviewer = _as(p.reviewer)
    seen = reviewer.get(f"/api/v1/cameras/{camera['id']}/").json()
    assert seen["latest_verification"]["four_mp"] == "compliant"
    reviewed = reviewer.post(f"/api/v1/cameras/{camera['id']}/review/", {"approve": True})
    assert reviewed.status_code == 200, reviewed.json()
    assert reviewed.json()["review_state"] == "approved"

    agreement = _agree(owner, camera)
    approved = reviewer.post(
        f"/api/v1/agreements/{agreement['id']}/approve/",
        {
            "reason": "Faces a public road",
            "grants": [{"organization": p.police_a_org.pk, "live": True}],
        },
        format="json",
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "active"
    assert approved.json()["reviewed_by"] == p.reviewer.username

    police_view = _as(p.police_a).get("/api/v1/cameras/").json()["results"]
    assert [c["id"] for c in police_view] == [camera["id"]]
    assert "source_url" not in police_view[0]
    assert _as(p.police_b).get("/api/v1/cameras/").json()["results"] == []
    grants = reviewer.get("/api/v1/grants/", {"agreement": agreement["id"]}).json()["results"]
    assert grants == [
        {
            "agreement": agreement["id"],
            "organization": p.police_a_org.pk,
            "organization_name": p.police_a_org.name,
            "permission": "live",
        }
    ]


def _agree(owner: APIClient, camera: dict) -> dict:
    (template,) = owner.get("/api/v1/agreement-templates/", {"is_current": True}).json()["results"]
    now = timezone.now()
    draft = owner.post(
        "/api/v1/agreements/",
        {
            "organization": camera["organization"],
            "cameras": [camera["id"]],
            "access_level": "live_recording",
            "retention_days": 14,
            "valid_from": now.isoformat(),
            "valid_until": (now + dt.timedelta(days=365)).isoformat(),
        },
        format="json",
    )
    assert draft.status_code == 201, draft.json()
    assert draft.json()["status"] == "draft"
    assert draft.json()["template_sha256"] == template["sha256"]
    signed = owner.post(
        f"/api/v1/agreements/{draft.json()['id']}/sign/", {"template_sha256": template["sha256"]}
    )
    assert signed.status_code == 200, signed.json()
    body = signed.json()
    assert (body["status"], body["signed_by"], body["signed_ip"]) == (
        "signed",
        "made@hotel-legian.id",
        "127.0.0.1",
    )
    return body


def test_a_push_camera_shows_its_publish_secret_once_and_never_again(p):
    owner = _as(p.owner)
    site = owner.post(
        "/api/v1/sites/",
        {
            "organization": p.owner_org.pk,
            "name": "Behind the NAT",
            "address": "Jl. Kartika 3",
            "latitude": "-8.72",
            "longitude": "115.17",
        },
        format="json",
    ).json()
    created = owner.post(
        "/api/v1/cameras/",
        {
            "site": site["id"],
            "name": "Gang",
            "description": "Public alley",
            "faces_public_area": True,
            "signage_posted": True,
            "mode": "push",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    secret = body["publish_secret"]
    assert body["publish_path"] == f"cam/{body['id']}"
    assert len(secret) >= 32
    camera = Camera.objects.get(pk=body["id"])
    assert camera.publish_secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert body["latest_verification"]["status"] == "waiting_for_push"

    for response in (
        owner.get(f"/api/v1/cameras/{body['id']}/"),
        owner.get("/api/v1/cameras/"),
        owner.get(f"/api/v1/cameras/{body['id']}/verifications/"),
        _as(p.auditor).get("/api/v1/audit/"),
    ):
        assert secret not in response.content.decode()
        assert camera.publish_secret_hash not in response.content.decode()
        assert "publish_secret" not in response.content.decode()

    rotated = owner.post(f"/api/v1/cameras/{body['id']}/rotate-publish-secret/")
    assert rotated.status_code == 200
    new_secret = rotated.json()["publish_secret"]
    assert new_secret != secret
    camera.refresh_from_db()
    assert camera.publish_secret_hash == hashlib.sha256(new_secret.encode()).hexdigest()
    assert new_secret not in owner.get(f"/api/v1/cameras/{body['id']}/").content.decode()


def test_an_owner_admin_adds_staff_who_can_look_but_not_change(p):
    owner = _as(p.owner)
    added = owner.post(
        "/api/v1/memberships/",
        {
            "organization": p.owner_org.pk,
            "email": "Night.Guard@hotel.id",
            "role": "owner_staff",
            "password": "a long enough passphrase 42",
            "full_name": "Ketut",
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    assert added.json()["username"] == "night.guard@hotel.id"
    staff = APIClient()
    token = staff.post(
        "/api/v1/auth/token/",
        {"username": "night.guard@hotel.id", "password": "a long enough passphrase 42"},
    ).json()["token"]
    staff.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    (org,) = staff.get("/api/v1/organizations/").json()["results"]
    assert org["id"] == p.owner_org.pk
    assert staff.post("/api/v1/organizations/", {"kind": "village", "name": "X"}).status_code == 403

    again = owner.post(
        "/api/v1/memberships/",
        {"organization": p.owner_org.pk, "email": "night.guard@hotel.id", "role": "owner_staff"},
        format="json",
    )
    assert again.status_code == 409
    assert "already has this role" in again.json()["detail"]
    removed = owner.delete(f"/api/v1/memberships/{added.json()['id']}/")
    assert removed.status_code == 204
    assert staff.get("/api/v1/organizations/").json()["results"] == []


def test_the_last_owner_admin_cannot_be_removed(p):
    membership = p.owner.memberships.get()
    response = _as(p.platform_admin).delete(f"/api/v1/memberships/{membership.pk}/")
    assert response.status_code == 409
    assert "at least one owner admin" in response.json()["detail"]


def test_the_snapshot_is_served_as_jpeg_to_owners_and_reviewers_only(p):
    camera = make_camera(make_site(p.owner_org))
    jpeg = b"\xff\xd8\xff\xe0 a tiny jpeg \xff\xd9"
    camera.verifications.first().snapshot.save("s.jpg", ContentFile(jpeg))
    for user in (p.owner, p.owner_staff, p.reviewer, p.auditor):
        for accept in ("*/*", "image/jpeg"):
            response = _as(user).get(f"/api/v1/cameras/{camera.pk}/snapshot/", HTTP_ACCEPT=accept)
            assert response.status_code == 200
            assert response["Content-Type"] == "image/jpeg"
            assert b"".join(response.streaming_content) == jpeg
    assert _as(p.other_owner).get(f"/api/v1/cameras/{camera.pk}/snapshot/").status_code == 404


def test_a_camera_without_a_snapshot_answers_404_with_a_reason(p):
    camera = make_camera(make_site(p.owner_org))
    response = _as(p.owner).get(f"/api/v1/cameras/{camera.pk}/snapshot/")
    assert response.status_code == 404
    assert response.json()["detail"] == "This camera has no snapshot yet."


def test_a_session_login_reads_the_api_and_needs_a_csrf_token_to_write(p):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(p.owner)
    assert browser.get("/api/v1/cameras/").status_code == 200
    response = browser.post("/api/v1/sites/", {"organization": p.owner_org.pk}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
