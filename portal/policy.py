"""The policy: may principal P do action A on camera C at time T?

This is the only place the rules live. The API, the pages and the MediaMTX auth hook
all ask it. A viewer may act on a camera when, at time T:

- the user is active and holds a viewer role (their organization's viewer group), and
- the camera was approved by a reviewer, and
- an agreement covering the camera is approved and inside its validity window (expiry is
  a matter of time, not of a job), allows the action (playback needs live + recording),
  and the reviewer granted the user's organization (or the user) that action on it
  (a django-guardian object permission on the agreement).

The answer is one query, so the auth hook can afford it on every connection.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from portal.agreements.models import Agreement
from portal.cameras.models import Camera


class Action(StrEnum):
    LIVE = "live"
    PLAYBACK = "playback"


PERMISSION_FOR = {Action.LIVE: "view_live", Action.PLAYBACK: "view_recording"}


def agreements_in_force(at: dt.datetime) -> Q:
    """Agreements whose owner consent holds at `at` (prefix-free: filter Agreement with it)."""
    return Q(state=Agreement.State.APPROVED, valid_from__lte=at, valid_until__gt=at)


def permitted_cameras(
    user: AbstractBaseUser | AnonymousUser, action: Action, at: dt.datetime | None = None
) -> QuerySet[Camera]:
    """Every camera `user` may perform `action` on at `at` (default: now)."""
    if not user.is_authenticated or not user.is_active:
        return Camera.objects.none()
    at = at or timezone.now()
    codename = PERMISSION_FOR[Action(action)]
    granted = Q(
        agreementgroupobjectpermission__group__user=user,
        agreementgroupobjectpermission__permission__codename=codename,
    ) | Q(
        agreementuserobjectpermission__user=user,
        agreementuserobjectpermission__permission__codename=codename,
    )
    agreements = Agreement.objects.filter(agreements_in_force(at), granted)
    if action == Action.PLAYBACK:
        agreements = agreements.filter(access_level=Agreement.Access.LIVE_RECORDING)
    return Camera.objects.filter(
        review_state=Camera.Review.APPROVED, agreements__in=agreements.values("pk")
    ).distinct()


def may(
    user: AbstractBaseUser | AnonymousUser,
    action: Action,
    camera: Camera | str,
    at: dt.datetime | None = None,
) -> bool:
    """True if `user` may perform `action` on `camera` (an object or its id) at `at`."""
    camera_id = camera.pk if isinstance(camera, Camera) else camera
    return permitted_cameras(user, action, at).filter(pk=camera_id).exists()
