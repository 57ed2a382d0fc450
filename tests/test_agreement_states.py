"""Agreement states: every transition, allowed and refused, with the reason text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from portal.agreements.models import Agreement
from portal.agreements.services import (
    GrantSpec,
    agreement_approve,
    agreement_create,
    agreement_reject,
    agreement_revoke,
    agreement_sign,
    grant_set,
)
from portal.audit.models import AuditRecord
from portal.errors import Conflict, Refused, ServiceError
from portal.policy import Action, may
from tests.factories import make_agreement, make_camera, make_site

State = Agreement.State


@pytest.fixture
def camera(p):
    return make_camera(make_site(p.owner_org), approved=True)


def _draft(p, camera, **kw):
    now = timezone.now()
    return agreement_create(
        actor=p.owner,
        organization=p.owner_org,
        cameras=[camera],
        access_level=kw.get("access_level", Agreement.Access.LIVE_RECORDING),
        retention_days=kw.get("retention_days", 30),
        valid_from=now - dt.timedelta(minutes=1),
        valid_until=now + dt.timedelta(days=30),
    )


def test_the_whole_happy_path_ends_active_and_watchable(p, camera, template):
    agreement = _draft(p, camera)
    assert agreement.status == "draft"
    agreement = agreement_sign(
        actor=p.owner, agreement=agreement, template_sha256=template.sha256, ip="10.1.1.1"
    )
    assert agreement.status == "signed" and agreement.signed_ip == "10.1.1.1"
    agreement = agreement_approve(
        actor=p.reviewer,
        agreement=agreement,
        grants=[GrantSpec(p.police_a_org, live=True, playback=True)],
    )
    assert agreement.status == "active"
    assert may(p.police_a, Action.LIVE, camera)
    assert may(p.police_a, Action.PLAYBACK, camera)
    assert not may(p.police_b, Action.LIVE, camera)
    actions = list(AuditRecord.objects.values_list("action", flat=True))
    assert {"agreement.create", "agreement.sign", "agreement.approve", "grant.set"} <= set(actions)


@pytest.mark.parametrize(
    ("state", "verb", "message"),
    [
        (State.DRAFT, "approve", "Cannot approve an agreement that is draft."),
        (State.APPROVED, "approve", "Cannot approve an agreement that is active."),
        (State.REJECTED, "approve", "Cannot approve an agreement that is rejected."),
        (State.REVOKED, "approve", "Cannot approve an agreement that is revoked."),
        (State.DRAFT, "reject", "Cannot reject an agreement that is draft."),
        (State.REVOKED, "reject", "Cannot reject an agreement that is revoked."),
        (State.SIGNED, "sign", "Cannot sign an agreement that is signed, waiting for review."),
        (State.APPROVED, "sign", "Cannot sign an agreement that is active."),
        (State.REVOKED, "sign", "Cannot sign an agreement that is revoked."),
        (State.REVOKED, "revoke", "Cannot revoke an agreement that is revoked."),
        (State.REJECTED, "revoke", "Cannot revoke an agreement that is rejected."),
    ],
)
def test_illegal_transitions_are_refused_with_the_reason(p, camera, template, state, verb, message):
    agreement = make_agreement(p.owner_org, [camera], state=state)
    calls = {
        "approve": lambda: agreement_approve(actor=p.reviewer, agreement=agreement),
        "reject": lambda: agreement_reject(actor=p.reviewer, agreement=agreement, reason="no"),
        "sign": lambda: agreement_sign(
            actor=p.owner, agreement=agreement, template_sha256=template.sha256
        ),
        "revoke": lambda: agreement_revoke(actor=p.owner, agreement=agreement),
    }
    with pytest.raises(Conflict) as exc:
        calls[verb]()
    assert exc.value.message == message
    agreement.refresh_from_db()
    assert agreement.state == state


@pytest.mark.parametrize("state", [State.DRAFT, State.SIGNED, State.APPROVED])
def test_the_owner_can_revoke_at_any_time_and_access_ends_at_once(p, camera, state):
    agreement = make_agreement(p.owner_org, [camera], state=state)
    grant = state == State.APPROVED
    if grant:
        grant_set(
            actor=p.reviewer, agreement=agreement, spec=GrantSpec(p.police_a_org, True, False)
        )
        assert may(p.police_a, Action.LIVE, camera)
    agreement_revoke(actor=p.owner, agreement=agreement, reason="closing the hotel")
    agreement.refresh_from_db()
    assert agreement.status == "revoked"
    assert not may(p.police_a, Action.LIVE, camera)


def test_expiry_is_enforced_by_time_without_any_job(p, camera):
    now = timezone.now()
    agreement = make_agreement(
        p.owner_org,
        [camera],
        state=State.APPROVED,
        valid_from=now - dt.timedelta(days=2),
        valid_until=now + dt.timedelta(seconds=60),
    )
    grant_set(actor=p.reviewer, agreement=agreement, spec=GrantSpec(p.police_a_org, True, False))
    assert may(p.police_a, Action.LIVE, camera)
    assert not may(p.police_a, Action.LIVE, camera, at=now + dt.timedelta(seconds=61))
    assert agreement.status_at(now + dt.timedelta(seconds=61)) == "expired"


def test_acting_on_an_expired_agreement_is_refused(p, camera):
    now = timezone.now()
    agreement = make_agreement(
        p.owner_org,
        [camera],
        state=State.APPROVED,
        valid_from=now - dt.timedelta(days=2),
        valid_until=now - dt.timedelta(seconds=1),
    )
    with pytest.raises(Conflict, match=r"Cannot grant access under an agreement that is expired\."):
        grant_set(
            actor=p.reviewer, agreement=agreement, spec=GrantSpec(p.police_a_org, True, False)
        )
    with pytest.raises(Conflict, match=r"Cannot revoke an agreement that is expired\."):
        agreement_revoke(actor=p.owner, agreement=agreement)


def test_signing_needs_the_hash_of_the_current_text(p, camera):
    agreement = _draft(p, camera)
    with pytest.raises(Conflict, match="The agreement text changed"):
        agreement_sign(actor=p.owner, agreement=agreement, template_sha256="0" * 64)
    agreement.refresh_from_db()
    assert agreement.state == State.DRAFT


def test_reviewers_cannot_sign_and_owners_cannot_approve(p, camera, template):
    agreement = _draft(p, camera)
    with pytest.raises(Refused):
        agreement_sign(actor=p.reviewer, agreement=agreement, template_sha256=template.sha256)
    with pytest.raises(Refused):
        agreement_sign(actor=p.other_owner, agreement=agreement, template_sha256=template.sha256)
    with pytest.raises(Refused):
        agreement_sign(actor=p.owner_staff, agreement=agreement, template_sha256=template.sha256)
    agreement_sign(actor=p.owner, agreement=agreement, template_sha256=template.sha256)
    with pytest.raises(Refused):
        agreement_approve(actor=p.owner, agreement=agreement)


def test_playback_cannot_be_granted_beyond_a_live_only_agreement(p, camera):
    agreement = make_agreement(p.owner_org, [camera], state=State.APPROVED)
    with pytest.raises(ServiceError, match="live view only"):
        grant_set(actor=p.reviewer, agreement=agreement, spec=GrantSpec(p.police_a_org, True, True))
    grant_set(actor=p.reviewer, agreement=agreement, spec=GrantSpec(p.police_a_org, True, False))
    assert may(p.police_a, Action.LIVE, camera)
    assert not may(p.police_a, Action.PLAYBACK, camera)


def test_an_agreement_over_another_owners_camera_is_refused_and_nothing_is_saved(p):
    other_camera = make_camera(make_site(p.other_owner_org))
    before = Agreement.objects.count()
    with pytest.raises(Refused):
        _draft(p, other_camera)
    assert Agreement.objects.count() == before


@pytest.mark.parametrize(
    ("access_level", "retention", "message"),
    [
        ("live_recording", None, "Choose how long recordings are kept"),
        ("live_recording", 0, "Choose how long recordings are kept"),
        ("live_recording", 91, "Choose how long recordings are kept"),
        ("live", 7, "keeps no recordings"),
        ("everything", None, "Choose the access level"),
    ],
)
def test_terms_out_of_bounds_are_refused(p, camera, access_level, retention, message):
    with pytest.raises(ServiceError, match=message):
        _draft(p, camera, access_level=access_level, retention_days=retention)


def test_approval_needs_every_camera_approved(p, template):
    camera = make_camera(make_site(p.owner_org), approved=False)
    agreement = make_agreement(p.owner_org, [camera], state=State.SIGNED)
    with pytest.raises(Conflict, match=r"Approve these cameras first: Beach road\."):
        agreement_approve(actor=p.reviewer, agreement=agreement)


def test_rejection_needs_a_reason(p, camera):
    agreement = make_agreement(p.owner_org, [camera], state=State.SIGNED)
    with pytest.raises(ServiceError, match="reason"):
        agreement_reject(actor=p.reviewer, agreement=agreement, reason="  ")
    agreement_reject(actor=p.reviewer, agreement=agreement, reason="Camera faces a private garden")
    agreement.refresh_from_db()
    assert agreement.status == "rejected"
    assert agreement.review_reason == "Camera faces a private garden"
