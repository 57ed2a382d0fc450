"""Writes for agreement templates, agreements and grants.

States: draft → signed → approved | rejected; approved is active inside its validity window
and expired after it (by time); draft, signed and approved can be revoked by the owner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from portal.accounts.models import Organization
from portal.accounts.selectors import is_platform_admin, is_reviewer, owner_org_ids
from portal.agreements.models import Agreement, AgreementTemplate
from portal.audit.services import audit_record
from portal.cameras.models import Camera
from portal.errors import Conflict, Refused, ServiceError

State = Agreement.State
MAX_VALIDITY = dt.timedelta(days=5 * 366)


def template_publish(
    *, actor: AbstractUser, version: str, title_id: str, title_en: str, text_id: str, text_en: str
) -> AgreementTemplate:
    """Publish a new template version and make it the one new agreements use."""
    if not is_platform_admin(actor):
        raise Refused(_("Only a platform admin can publish agreement templates."))
    if AgreementTemplate.objects.filter(version=version).exists():
        raise Conflict(
            _("Template version %(v)s already exists.") % {"v": version}, code="duplicate"
        )
    with transaction.atomic():
        AgreementTemplate.objects.filter(is_current=True).update(is_current=False)
        template = AgreementTemplate.objects.create(
            version=version,
            title_id=title_id,
            title_en=title_en,
            text_id=text_id,
            text_en=text_en,
            sha256=AgreementTemplate.hash_texts(text_id, text_en),
            is_current=True,
        )
        audit_record(
            actor=actor,
            action="template.publish",
            obj=template,
            data={"version": version, "sha256": template.sha256},
        )
    return template


def _owner_admin_of(actor: AbstractUser, agreement: Agreement) -> None:
    if agreement.organization_id not in owner_org_ids(actor, admin_only=True):
        raise Refused(
            _("Only an owner admin of %(org)s can do this.") % {"org": agreement.organization}
        )


def _check_terms(
    access_level: str, retention_days: int | None, valid_from: dt.datetime, valid_until: dt.datetime
) -> int | None:
    if access_level == Agreement.Access.LIVE:
        if retention_days:
            raise ServiceError(
                _("A live-only agreement keeps no recordings: leave retention empty.")
            )
        retention_days = None
    elif access_level == Agreement.Access.LIVE_RECORDING:
        low, high = settings.PANTAU_RETENTION_MIN_DAYS, settings.PANTAU_RETENTION_MAX_DAYS
        if retention_days is None or not low <= retention_days <= high:
            raise ServiceError(
                _("Choose how long recordings are kept: from %(low)d to %(high)d days.")
                % {"low": low, "high": high}
            )
    else:
        raise ServiceError(_("Choose the access level: live only, or live and recordings."))
    if valid_until <= valid_from:
        raise ServiceError(_("The agreement must end after it starts."))
    if valid_until - valid_from > MAX_VALIDITY:
        raise ServiceError(_("An agreement can last at most five years; renew it after that."))
    return retention_days


def agreement_create(
    *,
    actor: AbstractUser,
    organization: Organization,
    cameras: Sequence[Camera],
    access_level: str,
    retention_days: int | None,
    valid_from: dt.datetime,
    valid_until: dt.datetime,
    ip: str | None = None,
) -> Agreement:
    """A draft agreement over some of the organization's cameras, on the current template."""
    if organization.pk not in owner_org_ids(actor, admin_only=True):
        raise Refused(_("Only an owner admin of %(org)s can do this.") % {"org": organization})
    if not cameras:
        raise ServiceError(_("Pick at least one camera for the agreement."))
    foreign = [c for c in cameras if c.site.organization_id != organization.pk]
    if foreign:
        raise Refused(_("An agreement can only cover your own organization's cameras."))
    retention_days = _check_terms(access_level, retention_days, valid_from, valid_until)
    template = AgreementTemplate.objects.filter(is_current=True).first()
    if template is None:
        raise Conflict(_("No agreement template is published yet. Ask the platform admin."))
    with transaction.atomic():
        agreement = Agreement.objects.create(
            organization=organization,
            template=template,
            access_level=access_level,
            retention_days=retention_days,
            valid_from=valid_from,
            valid_until=valid_until,
            created_by=actor,
        )
        agreement.cameras.set(cameras)
        audit_record(
            actor=actor,
            action="agreement.create",
            obj=agreement,
            organization_id=organization.pk,
            ip=ip,
            data=_terms(agreement),
        )
    return agreement


def _terms(agreement: Agreement) -> dict:
    return {
        "access_level": agreement.access_level,
        "retention_days": agreement.retention_days,
        "valid_from": agreement.valid_from,
        "valid_until": agreement.valid_until,
        "cameras": sorted(str(pk) for pk in agreement.cameras.values_list("pk", flat=True)),
        "template": agreement.template.version,
    }


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _require_state(agreement: Agreement, verb: str, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    status = agreement.status
    if agreement.state not in allowed or status == Agreement.Status.EXPIRED:
        raise Conflict(
            _("Cannot %(verb)s an agreement that is %(status)s.")
            % {"verb": verb, "status": Agreement.Status(status).label.lower()}
        )


def _transition(
    agreement: Agreement,
    *,
    actor: AbstractUser,
    verb: str,
    allowed: Iterable[str],
    action: str,
    ip: str | None,
    changes: dict[str, Any],
    data: Callable[[Agreement], dict[str, Any]] = lambda _agreement: {},
    check: Callable[[Agreement], None] = lambda _agreement: None,
) -> Agreement:
    """Lock, check the state (and `check`), apply `changes`, save and audit: one transaction."""
    with transaction.atomic():
        agreement = _locked(agreement)
        _require_state(agreement, verb, allowed)
        check(agreement)
        for field, value in changes.items():
            setattr(agreement, field, value)
        agreement.save()
        audit_record(
            actor=actor,
            action=action,
            obj=agreement,
            organization_id=agreement.organization_id,
            ip=ip,
            data=data(agreement),
        )
    return agreement


def agreement_sign(
    *, actor: AbstractUser, agreement: Agreement, template_sha256: str, ip: str | None = None
) -> Agreement:
    """The owner admin signs the text they were shown (its hash must match the template's)."""
    _owner_admin_of(actor, agreement)

    def check(locked: Agreement) -> None:
        if template_sha256 != locked.template.sha256:
            raise Conflict(
                _(
                    "The agreement text changed since you opened it. Read the current text and sign again."
                ),
                code="template_changed",
            )
        if locked.valid_until <= timezone.now():
            raise Conflict(_("The agreement's validity period is already over. Choose new dates."))

    return _transition(
        agreement,
        actor=actor,
        verb=_("sign"),
        allowed={State.DRAFT},
        action="agreement.sign",
        ip=ip,
        check=check,
        changes={
            "state": State.SIGNED,
            "signed_by": actor,
            "signed_at": timezone.now(),
            "signed_ip": ip,
            "signed_template_sha256": template_sha256,
        },
        data=lambda signed: {**_terms(signed), "template_sha256": template_sha256},
    )


@dataclass(frozen=True)
class GrantSpec:
    organization: Organization
    live: bool
    playback: bool


def _cameras_approved(agreement: Agreement) -> None:
    unapproved = agreement.cameras.exclude(review_state=Camera.Review.APPROVED)
    if unapproved.exists():
        names = ", ".join(unapproved.values_list("name", flat=True))
        raise Conflict(
            _("Approve these cameras first: %(names)s.") % {"names": names},
            code="cameras_not_approved",
        )


def _require_reviewer(actor: AbstractUser, message: str) -> None:
    if not is_reviewer(actor):
        raise Refused(message)


def agreement_approve(
    *,
    actor: AbstractUser,
    agreement: Agreement,
    grants: Sequence[GrantSpec] = (),
    reason: str = "",
    ip: str | None = None,
) -> Agreement:
    """A reviewer approves a signed agreement and (optionally) grants viewer organizations access."""
    _require_reviewer(actor, _("Only a Diskominfo reviewer can approve agreements."))
    with transaction.atomic():
        agreement = _transition(
            agreement,
            actor=actor,
            verb=_("approve"),
            allowed={State.SIGNED},
            action="agreement.approve",
            ip=ip,
            check=_cameras_approved,
            changes=_review_changes(actor, State.APPROVED, reason),
            data=lambda _approved: {"reason": reason},
        )
        for spec in grants:
            _grant_set(actor, agreement, spec, ip)
    return agreement


def _review_changes(actor: AbstractUser, state: str, reason: str) -> dict[str, Any]:
    return {
        "state": state,
        "reviewed_by": actor,
        "reviewed_at": timezone.now(),
        "review_reason": reason,
    }


def agreement_reject(
    *, actor: AbstractUser, agreement: Agreement, reason: str, ip: str | None = None
) -> Agreement:
    _require_reviewer(actor, _("Only a Diskominfo reviewer can reject agreements."))
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give the owner a reason for the rejection."), code="reason_required")
    return _transition(
        agreement,
        actor=actor,
        verb=_("reject"),
        allowed={State.SIGNED},
        action="agreement.reject",
        ip=ip,
        changes=_review_changes(actor, State.REJECTED, reason),
        data=lambda _rejected: {"reason": reason},
    )


def agreement_revoke(
    *, actor: AbstractUser, agreement: Agreement, reason: str = "", ip: str | None = None
) -> Agreement:
    """The owner withdraws consent, at any time; access ends at once (the policy reads the state)."""
    _owner_admin_of(actor, agreement)
    return _transition(
        agreement,
        actor=actor,
        verb=_("revoke"),
        allowed={State.DRAFT, State.SIGNED, State.APPROVED},
        action="agreement.revoke",
        ip=ip,
        changes={
            "state": State.REVOKED,
            "revoked_by": actor,
            "revoked_at": timezone.now(),
            "revoke_reason": reason,
        },
        data=lambda _revoked: {"reason": reason},
    )


def grant_set(
    *, actor: AbstractUser, agreement: Agreement, spec: GrantSpec, ip: str | None = None
) -> None:
    """Set exactly which of live / playback a viewer organization has under an agreement."""
    _require_reviewer(actor, _("Only a Diskominfo reviewer can grant access."))
    with transaction.atomic():
        agreement = _locked(agreement)
        _require_state(agreement, _("grant access under"), {State.APPROVED})
        _grant_set(actor, agreement, spec, ip)


def _grant_set(actor: AbstractUser, agreement: Agreement, spec: GrantSpec, ip: str | None) -> None:
    org = spec.organization
    if org.kind not in {Organization.Kind.AGENCY, Organization.Kind.POLICE}:
        raise ServiceError(_("Access can be granted to the command center and police units only."))
    if spec.playback and agreement.access_level != Agreement.Access.LIVE_RECORDING:
        raise ServiceError(
            _("The owner agreed to live view only: recordings cannot be granted."),
            code="beyond_agreement",
        )
    for codename, wanted in (("view_live", spec.live), ("view_recording", spec.playback)):
        (assign_perm if wanted else remove_perm)(
            f"agreements.{codename}", org.viewer_group, agreement
        )
    audit_record(
        actor=actor,
        action="grant.set",
        obj=agreement,
        organization_id=agreement.organization_id,
        ip=ip,
        data={
            "viewer_organization": org.pk,
            "viewer_name": org.name,
            "live": spec.live,
            "playback": spec.playback,
        },
    )
