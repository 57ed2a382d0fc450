"""Celery tasks: run twice, one effect."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from portal.cameras.models import Verification
from tests.factories import make_camera, make_site
from workers.tasks import schedule_verifications, verify_camera


def test_scheduling_twice_requests_one_verification_per_due_camera(p, settings):
    settings.PANTAU_VERIFY_INTERVAL_S = 3600
    camera = make_camera(make_site(p.owner_org))
    camera.verifications.update(created_at=timezone.now() - dt.timedelta(hours=2))
    assert schedule_verifications.apply().get() == 1
    schedule_verifications.apply().get()
    pending = camera.verifications.filter(status=Verification.Status.PENDING)
    assert pending.count() == 1
    assert pending.get().trigger == Verification.Trigger.PERIODIC


def test_recently_verified_cameras_are_not_scheduled(p, settings):
    settings.PANTAU_VERIFY_INTERVAL_S = 3600
    make_camera(make_site(p.owner_org))
    assert schedule_verifications.apply().get() == 0


def test_verifying_a_verification_that_is_gone_or_done_does_nothing(p):
    camera = make_camera(make_site(p.owner_org))
    done = camera.verifications.get()
    assert verify_camera.apply(kwargs={"verification_id": done.pk}).get() is None
    assert verify_camera.apply(kwargs={"verification_id": 999999}).get() is None
    assert camera.verifications.count() == 1
