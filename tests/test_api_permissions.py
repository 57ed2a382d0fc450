"""The permission matrix: every persona, every endpoint, every state an object can be in.

Reads: who sees which object (detail 200 or 404, and membership in the list). Writes and
actions: the status each persona gets. Anyone who may not see an object gets 404, never
403; a refused write changes nothing (no new audit record). Adding an endpoint means adding
rows to VISIBILITY and CASES.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from portal.agreements.models import Agreement
from portal.agreements.services import GrantSpec, agreement_revoke, grant_set
from portal.audit.models import AuditRecord
from portal.cameras.models import Camera
from portal.cameras.services import camera_enroll
from tests.factories import make_agreement, make_camera, make_site

State = Agreement.State
PERSONAS = (
    "owner",
    "owner_staff",
    "other_owner",
    "reviewer",
    "operator",
    "police_a",
    "police_b",
    "auditor",
    "platform_admin",
    "outsider",
    "anonymous",
)
OWNERS = {"owner", "owner_staff"}
DISKOMINFO = {"reviewer", "auditor", "platform_admin"}
ANON = 401  # anonymous: 401 or 403, depending on which authenticator answers first
VIEWER_FIELDS = {"id", "name", "site_name", "latitude", "longitude", "description"}


@dataclass
class World:
    p: Any
    site: Any
    other_site: Any
    cam_pending: Camera
    cam_granted: Camera
    cam_revoked: Camera
    other_cam: Camera
    push_cam: Camera
    ag_draft: Agreement
    ag_signed: Agreement
    ag_granted: Agreement
    ag_revoked: Agreement
    ag_other: Agreement
    staff_membership: Any


@pytest.fixture
def world(p) -> World:
    site, other_site = make_site(p.owner_org), make_site(p.other_owner_org, "Villa gate")
    cam_pending = make_camera(site, name="Lobby entrance")
    cam_granted = make_camera(site, name="Beach road", approved=True)
    cam_granted.verifications.first().snapshot.save(
        "snap.jpg", ContentFile(b"\xff\xd8jpeg\xff\xd9")
    )
    cam_revoked = make_camera(site, name="Parking", approved=True)
    other_cam = make_camera(other_site, name="Villa street", approved=True)
    push_cam = camera_enroll(
        actor=p.owner,
        site=site,
        name="Back alley",
        description="Public alley",
        faces_public_area=True,
        signage_posted=True,
        mode=Camera.Mode.PUSH,
    ).camera
    ag_granted = make_agreement(p.owner_org, [cam_granted], state=State.APPROVED)
    ag_revoked = make_agreement(p.owner_org, [cam_revoked], state=State.APPROVED)
    ag_other = make_agreement(p.other_owner_org, [other_cam], state=State.APPROVED)
    for agreement, org in ((ag_granted, p.police_a_org), (ag_revoked, p.police_a_org)):
        grant_set(actor=p.reviewer, agreement=agreement, spec=GrantSpec(org, True, False))
    grant_set(actor=p.reviewer, agreement=ag_other, spec=GrantSpec(p.police_b_org, True, False))
    agreement_revoke(actor=p.owner, agreement=ag_revoked, reason="renovation")
    return World(
        p=p,
        site=site,
        other_site=other_site,
        cam_pending=cam_pending,
        cam_granted=cam_granted,
        cam_revoked=cam_revoked,
        other_cam=other_cam,
        push_cam=push_cam,
        ag_draft=make_agreement(p.owner_org, [cam_pending]),
        ag_signed=make_agreement(p.owner_org, [cam_granted], state=State.SIGNED),
        ag_granted=ag_granted,
        ag_revoked=ag_revoked,
        ag_other=ag_other,
        staff_membership=p.owner_staff.memberships.get(),
    )


def client_for(world: World, persona: str) -> APIClient:
    client = APIClient()
    if persona != "anonymous":
        client.force_authenticate(getattr(world.p, persona))
    return client


def assert_status(response, expected: int) -> None:
    allowed = {401, 403} if expected == ANON else {expected}
    assert response.status_code in allowed, (response.status_code, response.content[:300])


# --- reads: (resource, object) -> who sees it --------------------------------------------

Getter = Callable[[World], Any]
VISIBILITY: list[tuple[str, Getter, set[str]]] = [
    ("cameras", lambda w: w.cam_pending.pk, OWNERS | DISKOMINFO),
    ("cameras", lambda w: w.cam_granted.pk, OWNERS | DISKOMINFO | {"police_a"}),
    ("cameras", lambda w: w.cam_revoked.pk, OWNERS | DISKOMINFO),
    ("cameras", lambda w: w.other_cam.pk, {"other_owner", "police_b"} | DISKOMINFO),
    ("cameras", lambda w: w.push_cam.pk, OWNERS | DISKOMINFO),
    ("sites", lambda w: w.site.pk, OWNERS | DISKOMINFO),
    ("sites", lambda w: w.other_site.pk, {"other_owner"} | DISKOMINFO),
    ("agreements", lambda w: w.ag_draft.pk, OWNERS | DISKOMINFO),
    ("agreements", lambda w: w.ag_signed.pk, OWNERS | DISKOMINFO),
    ("agreements", lambda w: w.ag_granted.pk, OWNERS | DISKOMINFO),
    ("agreements", lambda w: w.ag_revoked.pk, OWNERS | DISKOMINFO),
    ("agreements", lambda w: w.ag_other.pk, {"other_owner"} | DISKOMINFO),
    ("organizations", lambda w: w.p.owner_org.pk, OWNERS | DISKOMINFO),
    ("organizations", lambda w: w.p.police_a_org.pk, {"police_a"} | DISKOMINFO),
    ("memberships", lambda w: w.staff_membership.pk, OWNERS | {"platform_admin"}),
    ("agreement-templates", lambda w: w.ag_draft.template_id, set(PERSONAS) - {"anonymous"}),
    ("regions", lambda w: "51.03.01", set(PERSONAS)),
]
VISIBILITY_IDS = [f"{resource}-{i}" for i, (resource, _g, _s) in enumerate(VISIBILITY)]


def _list_ids(client: APIClient, resource: str) -> set[str]:
    response = client.get(f"/api/v1/{resource}/", {"page_size": 1000})
    assert response.status_code == 200, response.content
    body = response.json()
    key = "code" if resource == "regions" else "id"
    ids = {str(row[key]) for row in body["results"]}
    while body["next"]:
        body = client.get(body["next"]).json()
        ids |= {str(row[key]) for row in body["results"]}
    return ids


@pytest.mark.parametrize(("resource", "get_id", "seen_by"), VISIBILITY, ids=VISIBILITY_IDS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_object_is_visible_exactly_to_those_who_may_see_it(
    world, persona, resource, get_id, seen_by
):
    client, object_id = client_for(world, persona), str(get_id(world))
    detail = client.get(f"/api/v1/{resource}/{object_id}/")
    if persona in seen_by:
        assert detail.status_code == 200, detail.content
        assert object_id in _list_ids(client, resource)
    elif persona == "anonymous":
        assert_status(detail, ANON)
        assert_status(client.get(f"/api/v1/{resource}/"), ANON)
    else:
        assert detail.status_code == 404, detail.content
        assert object_id not in _list_ids(client, resource)


def test_police_a_sees_the_granted_camera_but_not_its_source_or_verification(world):
    body = client_for(world, "police_a").get(f"/api/v1/cameras/{world.cam_granted.pk}/").json()
    assert set(body) == VIEWER_FIELDS
    assert body["site_name"] == world.site.name


@pytest.mark.parametrize("persona", sorted(OWNERS | DISKOMINFO))
def test_owners_and_diskominfo_see_the_source_url_and_the_latest_verification(world, persona):
    body = client_for(world, persona).get(f"/api/v1/cameras/{world.cam_granted.pk}/").json()
    assert body["source_url"] == world.cam_granted.source_url
    assert body["latest_verification"]["status"] == "ok"
    assert body["has_credentials"] is True


def test_police_b_never_sees_police_as_camera_in_list_or_detail(world):
    client = client_for(world, "police_b")
    assert str(world.cam_granted.pk) not in _list_ids(client, "cameras")
    assert client.get(f"/api/v1/cameras/{world.cam_granted.pk}/").status_code == 404
    assert _list_ids(client, "cameras") == {str(world.other_cam.pk)}


# --- writes and actions: (name, method, path, body) -> status per persona ----------------


def expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
    table["anonymous"] = ANON
    table.update(overrides)
    return table


def owner_admin_only(ok: int, **overrides: int) -> dict[str, int]:
    """Visible to owners and Diskominfo; only the owner admin may do it."""
    forbidden = dict.fromkeys([*sorted(DISKOMINFO), "owner_staff"], 403)
    return expect(404, owner=ok, **{**forbidden, **overrides})


def reviewer_only(ok: int, **overrides: int) -> dict[str, int]:
    forbidden = dict.fromkeys([*sorted(OWNERS), "auditor", "platform_admin"], 403)
    return expect(404, reviewer=ok, **{**forbidden, **overrides})


def details_only(**overrides: int) -> dict[str, int]:
    return expect(404, **dict.fromkeys(OWNERS | DISKOMINFO, 200), **overrides)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: Callable[[World], str]
    expected: dict[str, int]
    body: Callable[[World], dict[str, Any]] = lambda w: {}


def _camera_body(w: World) -> dict[str, Any]:
    return {
        "site": w.site.pk,
        "name": "New camera",
        "description": "Faces the street",
        "faces_public_area": True,
        "signage_posted": True,
        "mode": "pull",
        "url": "rtsp://36.66.200.7:554/stream1",
        "username": "admin",
        "password": "pw-123",
    }


def _site_body(w: World) -> dict[str, Any]:
    return {
        "organization": w.p.owner_org.pk,
        "name": "Pool side",
        "address": "Jl. Pantai Kuta 2",
        "latitude": "-8.7181",
        "longitude": "115.1682",
    }


def _agreement_body(w: World) -> dict[str, Any]:
    return {
        "organization": w.p.owner_org.pk,
        "cameras": [str(w.cam_pending.pk)],
        "access_level": "live",
        "valid_from": "2026-01-01T00:00:00Z",
        "valid_until": "2027-01-01T00:00:00Z",
    }


def _template_body(w: World) -> dict[str, Any]:
    return {"version": "2026.2", "title_id": "T", "title_en": "T", "text_id": "a", "text_en": "b"}


def _org_body(kind: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"kind": kind, "name": f"New {kind}", "nib": "9999999999999"}


def _membership_body(w: World) -> dict[str, Any]:
    return {
        "organization": w.p.owner_org.pk,
        "email": "night-guard@hotel.id",
        "role": "owner_staff",
        "password": "a long enough passphrase 42",
    }


def cam(attr: str, suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/api/v1/cameras/{getattr(w, attr).pk}/{suffix}"


def ag(attr: str, suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/api/v1/agreements/{getattr(w, attr).pk}/{suffix}"


def fixed(path: str) -> Callable[[World], str]:
    return lambda w: path


STRANGERS_400 = dict.fromkeys(["other_owner", "operator", "police_a", "police_b", "outsider"], 400)
CASES = [
    Case("enroll camera", "post", fixed("/api/v1/cameras/"), owner_admin_only(201, **STRANGERS_400), _camera_body),
    Case("patch pending camera", "patch", cam("cam_pending"), owner_admin_only(200), lambda w: {"name": "Renamed"}),
    Case("patch granted camera", "patch", cam("cam_granted"), owner_admin_only(200, police_a=403), lambda w: {"name": "Renamed"}),
    Case("verify pending camera", "post", cam("cam_pending", "verify/"), owner_admin_only(202, owner_staff=202, reviewer=202)),
    Case("verify granted camera", "post", cam("cam_granted", "verify/"), owner_admin_only(202, owner_staff=202, reviewer=202, police_a=403)),
    Case("approve pending camera", "post", cam("cam_pending", "review/"), reviewer_only(200), lambda w: {"approve": True}),
    Case("reject granted camera", "post", cam("cam_granted", "review/"), reviewer_only(200, police_a=403), lambda w: {"approve": False, "reason": "faces a garden"}),
    Case("rotate push secret", "post", cam("push_cam", "rotate-publish-secret/"), owner_admin_only(200)),
    Case("verification history", "get", cam("cam_granted", "verifications/"), details_only(police_a=403)),
    Case("snapshot", "get", cam("cam_granted", "snapshot/"), details_only(police_a=403)),
    Case("create site", "post", fixed("/api/v1/sites/"), owner_admin_only(201, **STRANGERS_400), _site_body),
    Case("create agreement", "post", fixed("/api/v1/agreements/"), owner_admin_only(201, **STRANGERS_400), _agreement_body),
    Case("sign draft", "post", ag("ag_draft", "sign/"), owner_admin_only(200), lambda w: {"template_sha256": w.ag_draft.template.sha256}),
    Case("sign signed", "post", ag("ag_signed", "sign/"), owner_admin_only(409), lambda w: {"template_sha256": w.ag_signed.template.sha256}),
    Case("approve signed", "post", ag("ag_signed", "approve/"), reviewer_only(200), lambda w: {"grants": [{"organization": w.p.police_a_org.pk, "live": True}]}),
    Case("approve draft", "post", ag("ag_draft", "approve/"), reviewer_only(409)),
    Case("reject signed", "post", ag("ag_signed", "reject/"), reviewer_only(200), lambda w: {"reason": "camera faces a garden"}),
    Case("revoke approved", "post", ag("ag_granted", "revoke/"), owner_admin_only(200), lambda w: {"reason": "closing"}),
    Case("revoke revoked", "post", ag("ag_revoked", "revoke/"), owner_admin_only(409)),
    Case("list grants of agreement", "get", ag("ag_granted", "grants/"), details_only()),
    Case("grant police B", "post", ag("ag_granted", "grants/"), reviewer_only(200), lambda w: {"organization": w.p.police_b_org.pk, "live": True}),
    Case("grant on revoked", "post", ag("ag_revoked", "grants/"), reviewer_only(409), lambda w: {"organization": w.p.police_b_org.pk, "live": True}),
    Case("create police unit", "post", fixed("/api/v1/organizations/"), expect(403, platform_admin=201), _org_body("police")),
    Case("create accommodation", "post", fixed("/api/v1/organizations/"), expect(403, platform_admin=201), _org_body("accommodation")),
    Case("publish template", "post", fixed("/api/v1/agreement-templates/"), expect(403, platform_admin=201), _template_body),
    Case("add staff", "post", fixed("/api/v1/memberships/"), owner_admin_only(201, platform_admin=201, **STRANGERS_400), _membership_body),
    Case("remove staff", "delete", lambda w: f"/api/v1/memberships/{w.staff_membership.pk}/", expect(404, owner=204, platform_admin=204, owner_staff=403)),
    Case("audit log", "get", fixed("/api/v1/audit/"), expect(403, owner=200, owner_staff=200, other_owner=200, auditor=200, platform_admin=200)),
    Case("grants list", "get", fixed("/api/v1/grants/"), expect(200)),
    Case("regions", "get", fixed("/api/v1/regions/"), expect(200, anonymous=200)),
    Case("templates", "get", fixed("/api/v1/agreement-templates/"), expect(200)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name.replace(" ", "-") for c in CASES])
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_expected_answer_from_each_endpoint(world, persona, case):
    client = client_for(world, persona)
    audit_before = AuditRecord.objects.count()
    response = getattr(client, case.method)(case.path(world), case.body(world), format="json")
    assert_status(response, case.expected[persona])
    if response.status_code >= 400:
        assert AuditRecord.objects.count() == audit_before, "a refused request left a trace"
        assert "detail" in response.json() or response.status_code == 400


def test_the_owners_audit_list_holds_only_records_of_their_organization(world):
    rows = client_for(world, "owner").get("/api/v1/audit/").json()["results"]
    assert rows
    assert {row["organization_id"] for row in rows} == {world.p.owner_org.pk}


def test_police_see_no_grants_and_owners_see_only_their_own(world):
    assert client_for(world, "police_a").get("/api/v1/grants/").json()["results"] == []
    rows = client_for(world, "owner").get("/api/v1/grants/").json()["results"]
    assert {row["agreement"] for row in rows} == {world.ag_granted.pk, world.ag_revoked.pk}
    assert {row["permission"] for row in rows} == {"live"}
