"""Malformed and hostile input: a 4xx that says what to fix, and nothing half-saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient

from portal.accounts.models import Membership, Organization
from portal.agreements.models import Agreement, AgreementGroupObjectPermission
from portal.audit.models import AuditRecord
from portal.cameras.models import Camera, Site, Verification
from tests.factories import make_agreement, make_camera, make_site

State = Agreement.State
COUNTED = [
    Camera,
    Verification,
    Site,
    Agreement,
    AgreementGroupObjectPermission,
    AuditRecord,
    Organization,
    Membership,
    get_user_model(),
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _as(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def assert_refused(response, status: int, says: str) -> None:
    """The status, and the words that tell the user what to fix (detail or a field error)."""
    assert response.status_code == status, (response.status_code, response.content)
    assert says in str(response.json()), response.json()


@pytest.fixture
def site(p) -> Site:
    return make_site(p.owner_org)


def _camera_body(site: Site, **overrides: Any) -> dict[str, Any]:
    return {
        "site": site.pk,
        "name": "Street",
        "description": "Faces the street",
        "faces_public_area": True,
        "signage_posted": True,
        "mode": "pull",
        "url": "rtsp://36.66.20.1:554/stream1",
        **overrides,
    }


PRIVATE = "private or reserved network"
BAD_URLS = [
    ("file:///etc/passwd", "Only rtsp:// and rtsps://"),
    ("http://36.66.20.1/stream", "Only rtsp:// and rtsps://"),
    ("rtsp://", "has no host"),
    ("", "Enter the camera's RTSP URL"),
    ("rtsp://10.0.0.5/stream", PRIVATE),
    ("rtsp://192.168.1.10/stream", PRIVATE),
    ("rtsp://169.254.169.254/latest/meta-data", PRIVATE),
    ("rtsp://[::ffff:10.0.0.1]/stream", PRIVATE),
    ("rtsp://[fd00::1]/stream", PRIVATE),
    ("rtsp://224.0.0.1/stream", PRIVATE),
    ("rtsp://36.66.20.1/" + "a" * 600, "too long"),
    ("rtsp://１２７.0.0.1/stream", "non-ASCII"),
    ("rtsp://\u0441\u0430mera.example.com/stream", "non-ASCII"),  # Cyrillic es, a
    ("rtsp://36.66.20.1:70000/stream", "number from 1 to 65535"),
    ("rtsp://36.66.20.1:0/stream", "number from 1 to 65535"),
    ("rtsp://36.66.20.1:abc/stream", "number from 1 to 65535"),
    ("rtsp://bad_host!/stream", "is not valid"),
    ("rtsp://36.66.20.1/st ream", "spaces"),
]


@pytest.mark.parametrize(("url", "says"), BAD_URLS, ids=[f"url{i}" for i in range(len(BAD_URLS))])
def test_a_malformed_or_hostile_camera_url_is_refused_with_the_reason(p, site, url, says):
    before = counts()
    response = _as(p.owner).post("/api/v1/cameras/", _camera_body(site, url=url), format="json")
    assert_refused(response, 400, says)
    assert counts() == before


@pytest.mark.parametrize(
    "url", ["rtsp://2130706433/", "rtsp://0x7f000001/", "rtsp://127.1/", "rtsp://127.0.0.1/"]
)
def test_loopback_in_any_spelling_is_refused_when_not_allow_listed(p, site, settings, url):
    settings.PANTAU_CAMERA_ALLOWED_NETWORKS = []
    before = counts()
    response = _as(p.owner).post("/api/v1/cameras/", _camera_body(site, url=url), format="json")
    assert_refused(response, 400, PRIVATE)
    assert counts() == before


def test_changing_a_url_to_a_private_address_is_refused_and_keeps_the_old_one(p, site):
    camera = make_camera(site, approved=True)
    before = counts()
    response = _as(p.owner).patch(
        f"/api/v1/cameras/{camera.pk}/", {"url": "rtsp://10.1.2.3/x"}, format="json"
    )
    assert_refused(response, 400, PRIVATE)
    assert counts() == before
    camera.refresh_from_db()
    assert camera.review_state == Camera.Review.APPROVED


@pytest.mark.parametrize(
    "second",
    [
        "rtsp://36.66.20.1:554/stream1",
        "RTSP://36.66.20.1:554/stream1",
        "rtsp://admin:other-pw@36.66.20.1:554/stream1",
    ],
)
def test_the_same_camera_url_twice_is_a_conflict(p, site, second):
    owner = _as(p.owner)
    assert owner.post("/api/v1/cameras/", _camera_body(site), format="json").status_code == 201
    before = counts()
    response = owner.post("/api/v1/cameras/", _camera_body(site, url=second), format="json")
    assert_refused(response, 409, "already enrolled")
    assert counts() == before


@pytest.mark.parametrize(
    ("declarations", "says"),
    [
        ({"faces_public_area": False}, "faces a public area"),
        ({"signage_posted": False}, "signage"),
        ({"faces_public_area": None}, "faces a public area"),
    ],
)
def test_a_camera_without_the_uu_pdp_declarations_is_refused(p, site, declarations, says):
    body = _camera_body(site, **declarations)
    body = {key: value for key, value in body.items() if value is not None}
    before = counts()
    response = _as(p.owner).post("/api/v1/cameras/", body, format="json")
    assert_refused(response, 400, says)
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"mode": "push", "url": "rtsp://36.66.20.1/x"}, "push camera has no URL"),
        ({"mode": "sideways"}, "not a valid choice"),
        ({"name": ""}, "may not be blank"),
        ({"site": 999999}, "that you can use"),
    ],
)
def test_other_camera_mistakes_are_named(p, site, body, says):
    before = counts()
    response = _as(p.owner).post("/api/v1/cameras/", {**_camera_body(site), **body}, format="json")
    assert_refused(response, 400, says)
    assert counts() == before


def test_a_camera_of_another_owner_cannot_be_enrolled_on_its_site(p):
    other_site = make_site(p.other_owner_org)
    before = counts()
    response = _as(p.owner).post("/api/v1/cameras/", _camera_body(other_site), format="json")
    assert_refused(response, 400, "that you can use")
    assert counts() == before


# --- agreements --------------------------------------------------------------------------


def _agreement_body(p, cameras: list[Camera], **overrides: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "organization": p.owner_org.pk,
        "cameras": [str(c.pk) for c in cameras],
        "access_level": "live",
        "valid_from": now.isoformat(),
        "valid_until": (now + dt.timedelta(days=30)).isoformat(),
        **overrides,
    }


def test_an_agreement_naming_another_owners_camera_saves_nothing(p, site):
    own, foreign = make_camera(site), make_camera(make_site(p.other_owner_org))
    before = counts()
    response = _as(p.owner).post(
        "/api/v1/agreements/", _agreement_body(p, [own, foreign]), format="json"
    )
    assert_refused(response, 400, str(foreign.pk))
    assert "cameras" in response.json()
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"cameras": []}, "at least one camera"),
        ({"cameras": ["not-a-uuid"]}, "cameras"),
        ({"access_level": "live", "retention_days": 7}, "keeps no recordings"),
        ({"access_level": "live_recording"}, "how long recordings are kept"),
        ({"access_level": "everything"}, "not a valid choice"),
        ({"valid_until": "2020-01-01T00:00:00Z"}, "must end after it starts"),
        ({"valid_from": "yesterday"}, "Datetime has wrong format"),
    ],
)
def test_agreement_terms_out_of_bounds_are_named(p, site, overrides, says):
    body = {**_agreement_body(p, [make_camera(site)]), **overrides}
    before = counts()
    response = _as(p.owner).post("/api/v1/agreements/", body, format="json")
    assert_refused(response, 400, says)
    assert counts() == before


def test_signing_another_owners_agreement_is_not_found(p, site, template):
    agreement = make_agreement(p.owner_org, [make_camera(site)])
    before = counts()
    response = _as(p.other_owner).post(
        f"/api/v1/agreements/{agreement.pk}/sign/", {"template_sha256": template.sha256}
    )
    assert response.status_code == 404
    assert counts() == before
    agreement.refresh_from_db()
    assert agreement.state == State.DRAFT


def test_signing_a_text_other_than_the_current_one_is_a_conflict(p, site):
    agreement = make_agreement(p.owner_org, [make_camera(site)])
    before = counts()
    response = _as(p.owner).post(
        f"/api/v1/agreements/{agreement.pk}/sign/", {"template_sha256": "0" * 64}
    )
    assert_refused(response, 409, "text changed since you opened it")
    assert counts() == before


def test_approving_playback_on_a_live_only_agreement_is_refused_whole(p, site):
    agreement = make_agreement(p.owner_org, [make_camera(site, approved=True)], state=State.SIGNED)
    grants = [
        {"organization": p.police_a_org.pk, "live": True},
        {"organization": p.police_b_org.pk, "live": True, "playback": True},
    ]
    before = counts()
    response = _as(p.reviewer).post(
        f"/api/v1/agreements/{agreement.pk}/approve/", {"grants": grants}, format="json"
    )
    assert_refused(response, 400, "live view only")
    assert response.json()["code"] == "beyond_agreement"
    assert counts() == before
    agreement.refresh_from_db()
    assert agreement.state == State.SIGNED


def test_granting_an_owner_organization_is_refused(p, site):
    agreement = make_agreement(
        p.owner_org, [make_camera(site, approved=True)], state=State.APPROVED
    )
    before = counts()
    response = _as(p.reviewer).post(
        f"/api/v1/agreements/{agreement.pk}/grants/",
        {"organization": p.other_owner_org.pk, "live": True},
        format="json",
    )
    assert_refused(response, 400, "command center and police units only")
    assert counts() == before


def _expired(p, site, state: str) -> Agreement:
    now = timezone.now()
    return make_agreement(
        p.owner_org,
        [make_camera(site, approved=True)],
        state=state,
        valid_from=now - dt.timedelta(days=10),
        valid_until=now - dt.timedelta(seconds=1),
    )


@pytest.mark.parametrize(
    ("state", "who", "action", "body", "says"),
    [
        (State.APPROVED, "owner", "revoke", {}, "Cannot revoke an agreement that is expired."),
        (
            State.APPROVED,
            "reviewer",
            "grants",
            {"live": True},
            "Cannot grant access under an agreement that is expired.",
        ),
        (State.DRAFT, "owner", "sign", {"sha": True}, "validity period is already over"),
    ],
)
def test_acting_on_an_expired_agreement_is_a_conflict(
    p, site, template, state, who, action, body, says
):
    agreement = _expired(p, site, state)
    if body.pop("sha", False):
        body["template_sha256"] = template.sha256
    if action == "grants":
        body["organization"] = p.police_a_org.pk
    before = counts()
    response = _as(getattr(p, who)).post(
        f"/api/v1/agreements/{agreement.pk}/{action}/", body, format="json"
    )
    assert_refused(response, 409, says)
    assert counts() == before


def test_a_rejection_without_a_reason_is_refused(p, site):
    agreement = make_agreement(p.owner_org, [make_camera(site, approved=True)], state=State.SIGNED)
    camera = make_camera(site, name="Second")
    reviewer = _as(p.reviewer)
    before = counts()
    assert_refused(
        reviewer.post(f"/api/v1/agreements/{agreement.pk}/reject/", {"reason": ""}),
        400,
        "may not be blank",
    )
    assert_refused(
        reviewer.post(f"/api/v1/cameras/{camera.pk}/review/", {"approve": False}),
        400,
        "reason for the rejection",
    )
    assert_refused(
        reviewer.post(f"/api/v1/cameras/{camera.pk}/review/", {}, format="json"),
        400,
        "This field is required",
    )
    assert counts() == before


def test_a_camera_below_4mp_under_the_rule_cannot_be_approved(p, site):
    camera = make_camera(site, width=1280, height=720)
    body = _as(p.reviewer).get(f"/api/v1/cameras/{camera.pk}/").json()
    assert body["latest_verification"]["four_mp"] == "blocked"
    before = counts()
    response = _as(p.reviewer).post(f"/api/v1/cameras/{camera.pk}/review/", {"approve": True})
    assert_refused(response, 409, "4 MP rule")
    assert counts() == before


def test_a_camera_below_4mp_outside_the_rule_is_only_an_advisory(p):
    camera = make_camera(make_site(p.other_owner_org), width=1280, height=720)
    body = _as(p.reviewer).get(f"/api/v1/cameras/{camera.pk}/").json()
    assert (body["under_4mp_rule"], body["latest_verification"]["four_mp"]) == (False, "advisory")
    response = _as(p.reviewer).post(f"/api/v1/cameras/{camera.pk}/review/", {"approve": True})
    assert response.status_code == 200


def test_a_camera_without_a_successful_verification_cannot_be_approved(p, site):
    camera = make_camera(site)
    camera.verifications.all().delete()
    before = counts()
    response = _as(p.reviewer).post(f"/api/v1/cameras/{camera.pk}/review/", {"approve": True})
    assert_refused(response, 409, "no successful verification")
    assert counts() == before


# --- sign-up -----------------------------------------------------------------------------


def _signup(**organization: Any) -> dict[str, Any]:
    return {
        "email": "new@villa.id",
        "password": "a long enough passphrase 42",
        "full_name": "Wayan",
        "organization": {
            "kind": "accommodation",
            "name": "Villa Baru",
            "nib": "8120000654321",
            "kecamatan": "51.03.01",
            **organization,
        },
    }


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (_signup(nib="12345"), "13 digits"),
        (_signup(nib=""), "needs its NIB"),
        (_signup(kind="police"), "not a valid choice"),
        (_signup(contact_phone="12"), "not a valid Indonesian number"),
        (_signup(desa="51.03.02.2001"), "is not in kecamatan"),
        (_signup(kecamatan="51.03.01.1002"), "Choose a kecamatan"),
        ({**_signup(), "password": "123"}, "too short"),
        ({**_signup(), "email": "not-an-email"}, "valid email"),
    ],
)
def test_a_bad_signup_says_what_to_fix_and_creates_no_account(p, body, says):
    before = counts()
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en").post("/api/v1/signup/", body, format="json")
    assert_refused(response, 400, says)
    assert counts() == before


def test_a_bad_confirmation_link_is_refused(db):
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/v1/signup/confirm/", {"uid": "MQ", "token": "nope"}
    )
    assert_refused(response, 400, "not valid")
