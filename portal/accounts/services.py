"""Writes for organizations, memberships and accounts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import lokal
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from portal.accounts.models import (
    OWNER_KINDS,
    ROLES_BY_KIND,
    VIEWER_ROLES,
    Membership,
    Organization,
    Role,
)
from portal.accounts.selectors import is_platform_admin, owner_org_ids
from portal.audit.services import audit_record
from portal.errors import Conflict, Refused, ServiceError
from portal.regions.models import Region

User = get_user_model()


def _clean_phone(phone: str) -> str:
    if not phone:
        return ""
    info = lokal.parse_phone(phone)
    if not info.valid:
        raise ServiceError(
            _("The phone number %(phone)s is not a valid Indonesian number, e.g. 0812 3456 7890.")
            % {"phone": phone}
        )
    return info.e164


def _check_regions(kecamatan: Region | None, desa: Region | None) -> None:
    if kecamatan is not None and kecamatan.level != Region.Level.DISTRICT:
        raise ServiceError(_("Choose a kecamatan for the kecamatan field."))
    if desa is not None:
        if desa.level != Region.Level.VILLAGE:
            raise ServiceError(_("Choose a desa or kelurahan for the desa field."))
        if kecamatan is None or desa.parent_id != kecamatan.code:
            raise ServiceError(
                _("%(desa)s is not in kecamatan %(kec)s.")
                % {"desa": desa.name, "kec": kecamatan.name if kecamatan else "-"}
            )


def organization_create(
    *,
    actor: AbstractUser | None,
    kind: str,
    name: str,
    nib: str = "",
    accommodation_type: str = "",
    address: str = "",
    kecamatan: Region | None = None,
    desa: Region | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    licensed_on: dt.date | None = None,
    ip: str | None = None,
) -> Organization:
    """Create an organization with its viewer group. Government and police: admins only."""
    if kind not in OWNER_KINDS and not (actor and is_platform_admin(actor)):
        raise Refused(_("Government and police organizations are created by a platform admin."))
    if actor is not None and not is_platform_admin(actor):
        # Owners register through sign-up (actor None), which also makes them its admin.
        raise Refused(
            _("Register an accommodation or village through sign-up, or ask a platform admin.")
        )
    if kind == Organization.Kind.ACCOMMODATION and not nib:
        raise ServiceError(_("An accommodation needs its NIB (13 digits)."))
    _check_regions(kecamatan, desa)
    with transaction.atomic():
        org = Organization(
            kind=kind,
            name=name.strip(),
            nib=nib,
            accommodation_type=accommodation_type,
            address=address,
            kecamatan=kecamatan,
            desa=desa,
            contact_name=contact_name,
            contact_phone=_clean_phone(contact_phone),
            contact_email=contact_email,
            licensed_on=licensed_on,
        )
        # Named after the organization's id once it has one; a unique placeholder until then.
        org.viewer_group = Group.objects.create(name=f"org:new-{uuid.uuid4().hex}:viewers")
        org.full_clean()
        org.save()
        org.viewer_group.name = f"org:{org.pk}:viewers"
        org.viewer_group.save(update_fields=["name"])
        audit_record(
            actor=actor,
            action="organization.create",
            obj=org,
            organization_id=org.audit_owner_id,
            ip=ip,
            data={"kind": kind, "name": org.name},
        )
    return org


def membership_add(
    *,
    actor: AbstractUser | None,
    organization: Organization,
    user: AbstractUser,
    role: str,
    ip: str | None = None,
) -> Membership:
    if role not in ROLES_BY_KIND[organization.kind]:
        raise ServiceError(
            _("The role %(role)s does not exist in a %(kind)s organization.")
            % {"role": Role(role).label, "kind": organization.get_kind_display()}
        )
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(
            user=user, organization=organization, role=role
        )
        if role in VIEWER_ROLES:
            user.groups.add(organization.viewer_group)
        audit_record(
            actor=actor,
            action="membership.add",
            obj=membership,
            organization_id=organization.audit_owner_id,
            ip=ip,
            data={"user": user.get_username(), "role": role},
        )
    return membership


def _require_membership_manager(actor: AbstractUser, organization: Organization) -> None:
    """Platform admins manage every organization's members; owner admins their own."""
    if is_platform_admin(actor):
        return
    if organization.pk not in owner_org_ids(actor, admin_only=True):
        raise Refused(
            _("Only an owner admin of %(org)s or a platform admin can manage its members.")
            % {"org": organization.name}
        )


def membership_create(
    *,
    actor: AbstractUser,
    organization: Organization,
    email: str,
    role: str,
    password: str = "",
    full_name: str = "",
    ip: str | None = None,
) -> Membership:
    """Give a person a role: an existing account by its e-mail, or a new one with `password`."""
    _require_membership_manager(actor, organization)
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        user = User.objects.filter(username=email).first()
        if user is None:
            if not password:
                raise ServiceError(
                    _("No account uses %(email)s. Give a password to create one.")
                    % {"email": email},
                    code="no_such_user",
                )
            user = user_create(email=email, password=password, full_name=full_name)
            audit_record(
                actor=actor,
                action="account.create",
                obj=user,
                organization_id=organization.audit_owner_id,
                ip=ip,
                data={"user": email},
            )
        if Membership.objects.filter(user=user, organization=organization, role=role).exists():
            raise Conflict(
                _("%(email)s already has this role in %(org)s.")
                % {"email": email, "org": organization.name},
                code="duplicate",
            )
        return membership_add(actor=actor, organization=organization, user=user, role=role, ip=ip)


def membership_remove(
    *, actor: AbstractUser, membership: Membership, ip: str | None = None
) -> None:
    _require_membership_manager(actor, membership.organization)
    with transaction.atomic():
        user, org = membership.user, membership.organization
        last_admin = (
            membership.role == Role.OWNER_ADMIN
            and not Membership.objects.filter(organization=org, role=Role.OWNER_ADMIN)
            .exclude(pk=membership.pk)
            .exists()
        )
        if last_admin:
            raise Conflict(
                _("%(org)s needs at least one owner admin. Add another one first.")
                % {"org": org.name},
                code="last_owner_admin",
            )
        audit_record(
            actor=actor,
            action="membership.remove",
            obj=membership,
            organization_id=org.audit_owner_id,
            ip=ip,
            data={"user": user.get_username(), "role": membership.role},
        )
        membership.delete()
        still_viewer = Membership.objects.filter(
            user=user, organization=org, role__in=VIEWER_ROLES
        ).exists()
        if not still_viewer:
            user.groups.remove(org.viewer_group)


def user_create(
    *, email: str, password: str, full_name: str = "", active: bool = True
) -> AbstractUser:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(username=email).exists():
        raise ServiceError(
            _("An account with this e-mail address already exists."), code="duplicate"
        )
    user = User(username=email, email=email, first_name=full_name[:150], is_active=active)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), code="weak_password") from None
    user.set_password(password)
    user.save()
    return user


def owner_signup(
    *,
    email: str,
    password: str,
    full_name: str,
    organization: dict[str, Any],
    ip: str | None = None,
) -> tuple[AbstractUser, Organization]:
    """Self-registration of an accommodation or village: inactive until the e-mail is confirmed."""
    if organization.get("kind") not in OWNER_KINDS:
        raise Refused(_("Only accommodations and villages can register themselves."))
    with transaction.atomic():
        user = user_create(email=email, password=password, full_name=full_name, active=False)
        org = organization_create(actor=None, ip=ip, **organization)
        membership_add(actor=None, organization=org, user=user, role=Role.OWNER_ADMIN, ip=ip)
        audit_record(actor=None, action="account.signup", obj=user, organization_id=org.pk, ip=ip)
        transaction.on_commit(lambda: _send_confirmation(user))
    return user, org


def _send_confirmation(user: AbstractUser) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = f"{settings.PANTAU_PUBLIC_URL}/accounts/confirm/{uid}/{token}/"
    send_mail(
        subject=_("Confirm your Pantau account"),
        message=_("Open this link to confirm your e-mail address: %(link)s") % {"link": link},
        from_email=None,
        recipient_list=[user.email],
    )


def account_confirm(*, uid: str, token: str, ip: str | None = None) -> AbstractUser:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        raise ServiceError(_("This confirmation link is not valid."), code="invalid_link") from None
    if not default_token_generator.check_token(user, token):
        raise ServiceError(
            _(
                "This confirmation link is not valid or has expired. Sign up again or ask for a new link."
            ),
            code="invalid_link",
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=user, action="account.confirm", obj=user, ip=ip)
    return user


def user_set_active(
    *, actor: AbstractUser, user: AbstractUser, active: bool, ip: str | None = None
) -> None:
    if not is_platform_admin(actor):
        raise Refused(_("Only a platform admin can enable or disable accounts."))
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action="account.enable" if active else "account.disable", obj=user, ip=ip
        )
