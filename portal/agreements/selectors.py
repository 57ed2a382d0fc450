"""Reads of agreements and grants, through the user."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from portal.accounts.selectors import owner_org_ids
from portal.agreements.models import Agreement, AgreementGroupObjectPermission, AgreementTemplate
from portal.cameras.selectors import sees_all_cameras

AnyUser = AbstractBaseUser | AnonymousUser


def agreements_visible_to(user: AnyUser) -> QuerySet[Agreement]:
    base = Agreement.objects.select_related("organization", "template")
    if sees_all_cameras(user):
        return base.all()
    return base.filter(organization_id__in=owner_org_ids(user))


def templates_visible_to(user: AnyUser) -> QuerySet[AgreementTemplate]:
    if not user.is_authenticated:
        return AgreementTemplate.objects.none()
    return AgreementTemplate.objects.all()


def grants_visible_to(user: AnyUser) -> QuerySet[AgreementGroupObjectPermission]:
    """Grants are guardian permissions held by viewer organizations' groups on agreements."""
    return AgreementGroupObjectPermission.objects.select_related(
        "group__organization", "permission", "content_object"
    ).filter(content_object__in=agreements_visible_to(user).values("pk"))
