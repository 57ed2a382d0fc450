"""Reads of sites and cameras, always through the user: missing and not-yours are both 404."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from portal.accounts.selectors import is_auditor, is_platform_admin, is_reviewer, owner_org_ids
from portal.cameras.models import Camera, Site, Verification
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
    watchable = (
        permitted_cameras(user, Action.LIVE)
        .values("pk")
        .union(permitted_cameras(user, Action.PLAYBACK).values("pk"))
    )
    return base.filter(pk__in=[row["pk"] for row in watchable])


def camera_get_for_user(user: AnyUser, camera_id) -> Camera:
    try:
        return cameras_visible_to(user).get(pk=camera_id)
    except (Camera.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such camera.") from None


def verifications_visible_to(user: AnyUser) -> QuerySet[Verification]:
    return Verification.objects.filter(camera__in=cameras_visible_to(user).values("pk"))


def latest_verification(camera: Camera) -> Verification | None:
    return camera.verifications.first()
