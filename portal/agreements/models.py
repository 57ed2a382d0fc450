"""Data-sharing agreements between a camera owner and the government, and the grants
a reviewer gives viewer organizations under them.

A grant is a django-guardian object permission (`view_live` / `view_recording`) on the
agreement, held by the viewer organization's group. The policy joins agreement, cameras
and those permissions in one query.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class AgreementTemplate(models.Model):
    version = models.CharField(max_length=20, unique=True)
    title_id = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    text_id = models.TextField()
    text_en = models.TextField()
    sha256 = models.CharField(max_length=64, editable=False)
    is_current = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_template"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.title_en}"

    @staticmethod
    def hash_texts(text_id: str, text_en: str) -> str:
        """SHA-256 over both language versions: what the owner was shown is what is signed."""
        return hashlib.sha256(f"{text_id}\n\x00\n{text_en}".encode()).hexdigest()


class Agreement(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed, waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REVOKED = "revoked", _("Revoked")

    class Status(models.TextChoices):
        """What the agreement means now: the state, with time applied."""

        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed, waiting for review")
        APPROVED = "approved", _("Approved, not yet in force")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REJECTED = "rejected", _("Rejected")
        REVOKED = "revoked", _("Revoked")

    class Access(models.TextChoices):
        LIVE = "live", _("Live view only")
        LIVE_RECORDING = "live_recording", _("Live view and recordings")

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="agreements"
    )
    template = models.ForeignKey(AgreementTemplate, on_delete=models.PROTECT, related_name="+")
    cameras = models.ManyToManyField("cameras.Camera", related_name="agreements")
    access_level = models.CharField(max_length=20, choices=Access.choices)
    retention_days = models.PositiveSmallIntegerField(null=True, blank=True)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_ip = models.GenericIPAddressField(null=True, blank=True)
    signed_template_sha256 = models.CharField(max_length=64, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("view_live", "May watch the agreement's cameras live"),
            ("view_recording", "May play back the agreement's recordings"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")), name="agreement_valid_window"
            ),
            models.CheckConstraint(
                condition=(Q(access_level="live") & Q(retention_days__isnull=True))
                | (
                    Q(access_level="live_recording")
                    & Q(retention_days__gte=1)
                    & Q(retention_days__lte=365)
                ),
                name="agreement_retention_matches_access",
            ),
        ]

    def __str__(self) -> str:
        return f"Agreement #{self.pk} ({self.organization})"

    def status_at(self, at=None) -> str:
        """The effective status: expiry is a matter of time, not of a job that might not run."""
        at = at or timezone.now()
        if self.state != self.State.APPROVED:
            return self.state
        if at >= self.valid_until:
            return self.Status.EXPIRED
        if at < self.valid_from:
            return self.Status.APPROVED
        return self.Status.ACTIVE

    @property
    def status(self) -> str:
        return self.status_at()


class AgreementUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Agreement, on_delete=models.CASCADE)


class AgreementGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Agreement, on_delete=models.CASCADE)
