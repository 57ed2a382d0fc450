"""Stream verification: request (on enrollment, URL change, demand, schedule) and run."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.cameras.crypto import decrypt_credentials
from portal.cameras.models import Camera, Verification
from portal.cameras.urls_check import InvalidCameraURL, clean_rtsp_url
from workers.probe import ProbeResult, ProbeStatus, probe_stream

log = logging.getLogger(__name__)


def verification_request(
    *, camera: Camera, trigger: str, actor: AbstractUser | None = None
) -> Verification:
    """Record a pending verification and run it once the transaction commits."""
    if camera.mode == Camera.Mode.PUSH and trigger != Verification.Trigger.PUBLISHED:
        return Verification.objects.create(
            camera=camera,
            trigger=trigger,
            requested_by=actor,
            status=Verification.Status.WAITING_FOR_PUSH,
            message=_("Waiting for the site to start publishing to the command center."),
        )
    # One pending verification per camera is enough: a second request joins the first.
    pending = camera.verifications.filter(status=Verification.Status.PENDING).first()
    if pending is not None:
        return pending
    verification = Verification.objects.create(camera=camera, trigger=trigger, requested_by=actor)
    transaction.on_commit(lambda: _enqueue(verification.pk))
    return verification


def _enqueue(verification_id: int) -> None:
    from workers.tasks import verify_camera

    verify_camera.delay(verification_id=verification_id)


def verification_run(*, verification_id: int) -> Verification | None:
    """Probe the camera of a pending verification and store the outcome. Safe to run twice."""
    verification = (
        Verification.objects.select_related("camera__site__organization")
        .filter(pk=verification_id, status=Verification.Status.PENDING)
        .first()
    )
    if verification is None:
        return None  # already done, or the camera is gone
    camera = verification.camera
    try:
        # Again at every run: a host name may resolve elsewhere now than at enrollment.
        clean_rtsp_url(camera.source_url)
    except InvalidCameraURL as exc:
        return _store_result(verification_id, ProbeResult(ProbeStatus.UNREACHABLE, exc.message))
    credentials = decrypt_credentials(camera.credentials)
    result = probe_stream(
        camera.source_url,
        username=credentials.username,
        password=credentials.password,
        open_timeout=settings.PANTAU_PROBE_OPEN_TIMEOUT_S,
        read_timeout=settings.PANTAU_PROBE_READ_TIMEOUT_S,
    )
    return _store_result(verification_id, result)


def _store_result(verification_id: int, result: ProbeResult) -> Verification | None:
    with transaction.atomic():
        verification = (
            Verification.objects.select_for_update()
            .filter(pk=verification_id, status=Verification.Status.PENDING)
            .first()
        )
        if verification is None:
            return None  # another worker finished it first
        verification.status = result.status
        verification.message = result.message
        verification.width, verification.height = result.width, result.height
        verification.fps, verification.codec = result.fps, result.codec or ""
        verification.finished_at = timezone.now()
        if result.width and result.height:
            verification.meets_min_resolution = (
                result.width * result.height >= settings.PANTAU_MIN_PIXELS
            )
        if result.snapshot_jpeg:
            name = f"{verification.camera_id}-{verification.pk}.jpg"
            verification.snapshot.save(name, ContentFile(result.snapshot_jpeg), save=False)
        verification.save()
    log.info(
        "verification %s of camera %s: %s", verification.pk, verification.camera_id, result.status
    )
    return verification


def verification_schedule_due(*, now: dt.datetime | None = None) -> int:
    """Request a periodic verification for every pulled camera not verified recently."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.PANTAU_VERIFY_INTERVAL_S)
    due = (
        Camera.objects.filter(mode=Camera.Mode.PULL)
        .exclude(review_state=Camera.Review.REJECTED)
        .annotate(last=Max("verifications__created_at"))
        .filter(Q(last__lt=cutoff) | Q(last__isnull=True))
    )
    count = 0
    for camera in due.iterator():
        with transaction.atomic():
            verification_request(camera=camera, trigger=Verification.Trigger.PERIODIC)
        count += 1
    return count
