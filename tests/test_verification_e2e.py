"""Verification against real simulated cameras, through the services and through Celery."""

from __future__ import annotations

import time

import pytest
from django.db import transaction

from portal.cameras.models import Camera, Verification
from portal.cameras.services import camera_enroll, camera_review
from portal.cameras.verification import verification_run
from portal.errors import Conflict
from tests.factories import make_site

pytestmark = pytest.mark.e2e


def _enroll(p, org, url: str, user: str, password: str, owner=None) -> Camera:
    owner = owner or (p.owner if org == p.owner_org else p.other_owner)
    return camera_enroll(
        actor=owner,
        site=make_site(org),
        name="Street",
        description="Public street",
        faces_public_area=True,
        signage_posted=True,
        mode=Camera.Mode.PULL,
        url=url,
        username=user,
        password=password,
    ).camera


def _verify(camera: Camera) -> Verification:
    pending = camera.verifications.get(status=Verification.Status.PENDING)
    return verification_run(verification_id=pending.pk)


def test_a_4mp_camera_passes_and_can_be_approved_under_the_rule(p, camera_server):
    camera = _enroll(
        p, p.owner_org, camera_server.url("4mp"), camera_server.user, camera_server.password
    )
    verification = _verify(camera)
    assert verification.status == "ok", verification.message
    assert (verification.width, verification.height) == (2560, 1440)
    assert verification.meets_min_resolution is True
    assert verification.snapshot.read()[:2] == b"\xff\xd8"
    camera_review(actor=p.reviewer, camera=camera, approve=True)
    assert Camera.objects.get(pk=camera.pk).review_state == "approved"


def test_a_720p_camera_is_blocked_for_a_property_under_the_4mp_rule(p, camera_server):
    assert p.owner_org.under_4mp_rule
    camera = _enroll(
        p, p.owner_org, camera_server.url("720p"), camera_server.user, camera_server.password
    )
    verification = _verify(camera)
    assert verification.status == "ok"
    assert (verification.width, verification.height) == (1280, 720)
    assert verification.meets_min_resolution is False
    with pytest.raises(Conflict, match="4 MP rule") as exc:
        camera_review(actor=p.reviewer, camera=camera, approve=True)
    assert exc.value.code == "below_min_resolution"
    assert Camera.objects.get(pk=camera.pk).review_state == "pending"


def test_a_720p_camera_of_an_older_property_gets_an_advisory_only(p, camera_server):
    assert not p.other_owner_org.under_4mp_rule
    camera = _enroll(
        p, p.other_owner_org, camera_server.url("720p"), camera_server.user, camera_server.password
    )
    verification = _verify(camera)
    assert verification.meets_min_resolution is False
    camera_review(actor=p.reviewer, camera=camera, approve=True)
    assert Camera.objects.get(pk=camera.pk).review_state == "approved"


def test_wrong_credentials_are_reported_as_authentication_failed(p, camera_server):
    camera = _enroll(
        p, p.owner_org, camera_server.url("4mp"), camera_server.user, "Wr0ng-Passw0rd!"
    )
    verification = _verify(camera)
    assert verification.status == "auth_failed"
    assert "Wr0ng-Passw0rd!" not in verification.message
    with pytest.raises(Conflict, match="no successful verification"):
        camera_review(actor=p.reviewer, camera=camera, approve=True)


def test_a_dead_port_is_unreachable_within_the_timeout(p, dead_rtsp_port, settings):
    settings.PANTAU_PROBE_OPEN_TIMEOUT_S = 3
    camera = _enroll(p, p.owner_org, f"rtsp://127.0.0.1:{dead_rtsp_port}/x", "u", "pw-dead-port")
    started = time.monotonic()
    verification = _verify(camera)
    assert verification.status == "unreachable"
    assert time.monotonic() - started < 5


def test_running_a_verification_twice_has_one_effect(p, camera_server):
    camera = _enroll(
        p, p.owner_org, camera_server.url("4mp"), camera_server.user, camera_server.password
    )
    pending = camera.verifications.get(status=Verification.Status.PENDING)
    first = verification_run(verification_id=pending.pk)
    assert first is not None and first.status == "ok"
    assert verification_run(verification_id=pending.pk) is None
    assert camera.verifications.count() == 1


@pytest.mark.django_db(transaction=True)
def test_enrollment_is_verified_by_a_celery_worker_over_redis(
    p, camera_server, redis_server, settings
):
    from celery.contrib.testing.worker import start_worker

    from workers.celery import app

    app.conf.broker_url = redis_server
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            camera = _enroll(
                p, p.owner_org, camera_server.url("4mp"), camera_server.user, camera_server.password
            )
        deadline = time.monotonic() + 60
        verification = camera.verifications.get()
        while verification.status == "pending" and time.monotonic() < deadline:
            time.sleep(0.5)
            verification.refresh_from_db()
    assert verification.status == "ok", verification.message
    assert (verification.width, verification.height) == (2560, 1440)


def test_a_host_that_now_points_into_a_private_network_is_not_probed(p, camera_server, settings):
    camera = _enroll(
        p, p.owner_org, camera_server.url("4mp"), camera_server.user, camera_server.password
    )
    settings.PANTAU_CAMERA_ALLOWED_NETWORKS = []  # as if the address had moved since enrollment
    verification = _verify(camera)
    assert verification.status == "unreachable"
    assert "private or reserved network" in verification.message
    assert verification.width is None
