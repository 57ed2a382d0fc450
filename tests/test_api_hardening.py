"""Anonymous entry points are throttled; owners do not see other people's addresses."""

from __future__ import annotations

from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from portal.audit.services import audit_record


def test_password_guessing_on_the_token_endpoint_is_throttled(p, monkeypatch):
    # DRF reads the rates into the class when it is first imported.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "3/min", "signup": "3/min"})
    client = APIClient()
    answers = [
        client.post(
            "/api/v1/auth/token/", {"username": p.owner.username, "password": f"guess-{i}"}
        ).status_code
        for i in range(5)
    ]
    assert answers[:3] == [400, 400, 400]
    assert answers[3:] == [429, 429]


def test_owners_read_their_audit_trail_without_ip_addresses_and_auditors_with(p):
    audit_record(
        actor=p.reviewer,
        action="camera.approve",
        object_type="cameras.camera",
        object_id="x",
        organization_id=p.owner_org.pk,
        ip="203.0.113.9",
    )
    client = APIClient()
    client.force_authenticate(p.owner)
    owner_view = client.get("/api/v1/audit/", {"action": "camera.approve"}).json()["results"]
    assert owner_view and "ip" not in owner_view[0]
    assert owner_view[0]["actor_label"] == p.reviewer.username
    client.force_authenticate(p.auditor)
    auditor_view = client.get("/api/v1/audit/", {"action": "camera.approve"}).json()["results"]
    assert auditor_view[0]["ip"] == "203.0.113.9"
