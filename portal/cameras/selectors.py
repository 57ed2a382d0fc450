"""Reads of sites and cameras, always through the user: missing and not-yours are both 404."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from portal.accounts.models import Organization
from portal.accounts.selectors import is_auditor, is_platform_admin, is_reviewer, owner_org_ids
from portal.cameras.models import Camera, Site, Verification
from portal.errors import Refused
from portal.policy import Action, permitted_cameras

AnyUser = AbstractBaseUser | AnonymousUser


def sees_all_cameras(user: AnyUser) -> bool:
    return is_reviewer(user) or is_platform_admin(user) or is_auditor(user)


def sites_visible_to(user: AnyUser) -> QuerySet[Site]:
    if sees_all_cameras(user):
        return Site.objects.all()
    return Site.objects.filter(organization_id__in=owner_org_ids(user))


def cameras_visible_to(user: AnyUser) -> QuerySet[Camera]:
    """Owners see their own, reviewers and auditors all, viewers what the policy lets them watch."""
    base = Camera.objects.select_related("site__organization")
    if sees_all_cameras(user):
        return base.all()
    own = owner_org_ids(user)
    if own:
        return base.filter(site__organization_id__in=own)
    # One query with two subqueries: a UNION of ordered querysets fails on SQLite, and
    # materializing the ids would not scale to thousands of cameras.
    live = permitted_cameras(user, Action.LIVE).values("pk")
    playback = permitted_cameras(user, Action.PLAYBACK).values("pk")
    return base.filter(Q(pk__in=live) | Q(pk__in=playback))


def latest_verification(camera: Camera) -> Verification | None:
    return camera.verifications.first()


@dataclass(frozen=True)
class DetailScope:
    """Whose cameras a user sees in full (source, verification, snapshot), not just as a viewer."""

    everything: bool
    org_ids: frozenset[int]

    def covers(self, camera: Camera) -> bool:
        return self.everything or camera.site.organization_id in self.org_ids


def camera_detail_scope(user: AnyUser) -> DetailScope:
    """The camera's owners and Diskominfo (reviewers, auditors, platform admins)."""
    return DetailScope(sees_all_cameras(user), frozenset(owner_org_ids(user)))


def _require_details(user: AnyUser, camera: Camera) -> None:
    if not camera_detail_scope(user).covers(camera):
        raise Refused(_("Only the camera's owners and Diskominfo can see this."))


def camera_verifications_for_user(user: AnyUser, camera: Camera) -> QuerySet[Verification]:
    _require_details(user, camera)
    return camera.verifications.all()


def camera_snapshot_for_user(user: AnyUser, camera: Camera) -> Verification:
    """The latest verification that has a snapshot image."""
    _require_details(user, camera)
    verification = camera.verifications.exclude(snapshot="").first()
    if verification is None:
        raise Http404(_("This camera has no snapshot yet."))
    return verification


def attach_latest_verifications(cameras: Sequence[Camera]) -> None:
    """Set `latest_verification` on each camera with two queries instead of one per camera."""
    latest = Verification.objects.filter(camera=OuterRef("pk")).order_by("-created_at", "-id")
    ids = Camera.objects.filter(pk__in=[c.pk for c in cameras]).annotate(
        latest_id=Subquery(latest.values("pk")[:1])
    )
    by_camera = {
        v.camera_id: v for v in Verification.objects.filter(pk__in=ids.values("latest_id"))
    }
    for camera in cameras:
        camera.latest_verification = by_camera.get(camera.pk)


def four_mp_status(verification: Verification | None, organization: Organization) -> str | None:
    """compliant, blocked (under the rule and below it), advisory (below it, not under it)."""
    if verification is None or verification.meets_min_resolution is None:
        return None
    if verification.meets_min_resolution:
        return "compliant"
    return "blocked" if organization.under_4mp_rule else "advisory"
