"""Reads about who a user is: organizations and roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from portal.accounts.models import OWNER_ROLES, Membership, Organization, Role

AnyUser = AbstractBaseUser | AnonymousUser


def has_role(user: AnyUser, *roles: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(user=user, role__in=roles).exists()


def is_platform_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser) or has_role(
        user, Role.PLATFORM_ADMIN
    )


def is_reviewer(user: AnyUser) -> bool:
    return has_role(user, Role.REVIEWER)


def is_auditor(user: AnyUser) -> bool:
    return has_role(user, Role.AUDITOR)


def owner_org_ids(user: AnyUser, *, admin_only: bool = False) -> set[int]:
    """Organizations whose cameras the user manages (admin) or sees (admin or staff)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    roles = {Role.OWNER_ADMIN} if admin_only else OWNER_ROLES
    return set(
        Membership.objects.filter(user=user, role__in=roles).values_list(
            "organization_id", flat=True
        )
    )


def organizations_visible_to(user: AnyUser) -> QuerySet[Organization]:
    if is_platform_admin(user) or is_reviewer(user) or is_auditor(user):
        return Organization.objects.all()
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).distinct()


def memberships_visible_to(user: AnyUser) -> QuerySet[Membership]:
    """Platform admins see every membership; others the members of their own organizations."""
    base = Membership.objects.select_related("user", "organization")
    if is_platform_admin(user):
        return base.all()
    if not user.is_authenticated or not user.is_active:
        return base.none()
    return base.filter(organization__memberships__user=user).distinct()
