"""Writes for sites and cameras: enrollment, changes, review."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import Organization
from portal.accounts.selectors import is_reviewer, owner_org_ids
from portal.audit.services import audit_record
from portal.cameras.crypto import Credentials, decrypt_credentials, encrypt_credentials
from portal.cameras.models import Camera, Site, Verification
from portal.cameras.urls_check import clean_rtsp_url
from portal.cameras.verification import verification_request
from portal.errors import Conflict, Refused, ServiceError
from portal.regions.models import Region


def _require_owner_admin(actor: AbstractUser, organization_id: int) -> None:
    if organization_id not in owner_org_ids(actor, admin_only=True):
        raise Refused(_("Only an owner admin of this organization can do this."))


def site_create(
    *,
    actor: AbstractUser,
    organization: Organization,
    name: str,
    address: str,
    latitude: Decimal,
    longitude: Decimal,
    desa: Region | None = None,
    ip: str | None = None,
) -> Site:
    _require_owner_admin(actor, organization.pk)
    if desa is not None and desa.level != Region.Level.VILLAGE:
        raise ServiceError(_("Choose a desa or kelurahan for the site."))
    with transaction.atomic():
        site = Site(
            organization=organization,
            name=name,
            address=address,
            latitude=latitude,
            longitude=longitude,
            desa=desa,
        )
        site.full_clean()
        site.save()
        audit_record(
            actor=actor,
            action="site.create",
            obj=site,
            organization_id=organization.pk,
            ip=ip,
            data={"name": name},
        )
    return site


@dataclass(frozen=True)
class Enrollment:
    camera: Camera
    # Push cameras only: the publish secret, shown once and never stored in clear.
    publish_secret: str | None = None


def _require_declarations(faces_public_area: bool, signage_posted: bool) -> None:
    if not faces_public_area:
        raise ServiceError(
            _(
                "Declare that the camera faces a public area (UU PDP Art. 17). Cameras that watch "
                "private spaces cannot be shared."
            ),
            code="declaration_missing",
        )
    if not signage_posted:
        raise ServiceError(
            _("Declare that a visible CCTV notice (signage) is posted (UU PDP Art. 17)."),
            code="declaration_missing",
        )


def hash_publish_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def camera_enroll(
    *,
    actor: AbstractUser,
    site: Site,
    name: str,
    description: str,
    faces_public_area: bool,
    signage_posted: bool,
    mode: str,
    url: str = "",
    username: str = "",
    password: str = "",
    ip: str | None = None,
) -> Enrollment:
    """Enroll a camera; a pulled camera is verified as soon as the enrollment commits."""
    _require_owner_admin(actor, site.organization_id)
    _require_declarations(faces_public_area, signage_posted)
    camera = Camera(
        site=site,
        name=name.strip(),
        description=description.strip(),
        mode=mode,
        faces_public_area=True,
        signage_posted=True,
    )
    secret = None
    if mode == Camera.Mode.PULL:
        _set_source(camera, url, username, password)
    elif mode == Camera.Mode.PUSH:
        if url or username or password:
            raise ServiceError(
                _("A push camera has no URL or credentials: the site publishes to us.")
            )
        secret = secrets.token_urlsafe(24)
        camera.publish_secret_hash = hash_publish_secret(secret)
    else:
        raise ServiceError(_("Choose the connection mode: pull or push."))
    with transaction.atomic():
        _save_unique(camera)
        audit_record(
            actor=actor,
            action="camera.enroll",
            obj=camera,
            organization_id=site.organization_id,
            ip=ip,
            data={"name": camera.name, "mode": mode, "site": site.pk},
        )
        verification_request(camera=camera, trigger=Verification.Trigger.ENROLLMENT, actor=actor)
    return Enrollment(camera=camera, publish_secret=secret)


def _set_source(camera: Camera, url: str, username: str, password: str) -> None:
    clean = clean_rtsp_url(url)
    credentials = Credentials(
        username or clean.credentials.username, password or clean.credentials.password
    )
    camera.source_url = clean.url
    camera.credentials = encrypt_credentials(credentials)


def _save_unique(camera: Camera) -> None:
    camera.full_clean(exclude=["credentials", "publish_secret_hash"], validate_constraints=False)
    try:
        with transaction.atomic():
            camera.save()
    except IntegrityError:
        raise Conflict(_("This camera URL is already enrolled."), code="duplicate") from None


def camera_update(
    *,
    actor: AbstractUser,
    camera: Camera,
    name: str | None = None,
    description: str | None = None,
    url: str | None = None,
    username: str | None = None,
    password: str | None = None,
    ip: str | None = None,
) -> Camera:
    """Change a camera. A new source means a new review: the approved snapshot no longer applies."""
    _require_owner_admin(actor, camera.site.organization_id)
    changed: list[str] = []
    if name is not None and name.strip() != camera.name:
        camera.name, changed = name.strip(), [*changed, "name"]
    if description is not None and description.strip() != camera.description:
        camera.description, changed = description.strip(), [*changed, "description"]
    source_changed = any(value is not None for value in (url, username, password))
    if source_changed:
        if camera.mode != Camera.Mode.PULL:
            raise ServiceError(_("A push camera has no URL or credentials to change."))
        old = decrypt_credentials(camera.credentials)
        _set_source(
            camera,
            url if url is not None else camera.source_url,
            username if username is not None else old.username,
            password if password is not None else old.password,
        )
        camera.review_state, camera.review_reason = Camera.Review.PENDING, ""
        changed.append("source")
    if not changed:
        return camera
    with transaction.atomic():
        _save_unique(camera)
        audit_record(
            actor=actor,
            action="camera.update",
            obj=camera,
            organization_id=camera.site.organization_id,
            ip=ip,
            data={"changed": changed},
        )
        if source_changed:
            verification_request(
                camera=camera, trigger=Verification.Trigger.URL_CHANGE, actor=actor
            )
    return camera


def camera_rotate_publish_secret(
    *, actor: AbstractUser, camera: Camera, ip: str | None = None
) -> str:
    _require_owner_admin(actor, camera.site.organization_id)
    if camera.mode != Camera.Mode.PUSH:
        raise ServiceError(_("Only push cameras have a publish credential."))
    secret = secrets.token_urlsafe(24)
    with transaction.atomic():
        camera.publish_secret_hash = hash_publish_secret(secret)
        camera.save(update_fields=["publish_secret_hash", "updated_at"])
        audit_record(
            actor=actor,
            action="camera.rotate_publish_secret",
            obj=camera,
            organization_id=camera.site.organization_id,
            ip=ip,
        )
    return secret


def camera_review(
    *, actor: AbstractUser, camera: Camera, approve: bool, reason: str = "", ip: str | None = None
) -> Camera:
    """A reviewer approves or rejects a camera after looking at its verification and snapshot."""
    if not is_reviewer(actor):
        raise Refused(_("Only a Diskominfo reviewer can review cameras."))
    reason = reason.strip()
    if approve:
        _check_approvable(camera)
    elif not reason:
        raise ServiceError(_("Give the owner a reason for the rejection."), code="reason_required")
    with transaction.atomic():
        camera = Camera.objects.select_for_update().get(pk=camera.pk)
        camera.review_state = Camera.Review.APPROVED if approve else Camera.Review.REJECTED
        camera.review_reason, camera.reviewed_by, camera.reviewed_at = reason, actor, timezone.now()
        camera.save(
            update_fields=[
                "review_state",
                "review_reason",
                "reviewed_by",
                "reviewed_at",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="camera.approve" if approve else "camera.reject",
            obj=camera,
            organization_id=camera.site.organization_id,
            ip=ip,
            data={"reason": reason},
        )
    return camera


def _check_approvable(camera: Camera) -> None:
    latest = camera.verifications.exclude(status=Verification.Status.PENDING).first()
    if latest is None or latest.status != Verification.Status.OK:
        raise Conflict(
            _("The camera has no successful verification yet. Verify it before approving."),
            code="not_verified",
        )
    if camera.site.organization.under_4mp_rule and not latest.meets_min_resolution:
        raise Conflict(
            _(
                "This property falls under the 4 MP rule and the camera delivers %(w)sx%(h)s. "
                "It cannot be approved until a camera of at least the minimum resolution is used."
            )
            % {"w": latest.width, "h": latest.height},
            code="below_min_resolution",
        )


def camera_verify(*, actor: AbstractUser, camera: Camera, ip: str | None = None) -> Verification:
    """Verify a camera now, on request of its owners (admin or staff) or a reviewer."""
    if camera.site.organization_id not in owner_org_ids(actor) and not is_reviewer(actor):
        raise Refused(_("Only the camera's owners or a Diskominfo reviewer can verify it."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="camera.verify",
            obj=camera,
            organization_id=camera.site.organization_id,
            ip=ip,
        )
        return verification_request(
            camera=camera, trigger=Verification.Trigger.ON_DEMAND, actor=actor
        )
