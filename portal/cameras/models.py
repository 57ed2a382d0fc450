"""Sites (property locations), cameras and their verification history."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Site(models.Model):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="sites"
    )
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300)
    desa = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class Camera(models.Model):
    class Mode(models.TextChoices):
        PULL = "pull", _("Pull (the command center connects to the camera's RTSP URL)")
        PUSH = "push", _("Push (the site publishes to the command center)")

    class Review(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cameras")
    name = models.CharField(max_length=200)
    description = models.TextField(help_text=_("What the camera shows."))
    # UU PDP Art. 17 declarations, required to submit.
    faces_public_area = models.BooleanField(default=False)
    signage_posted = models.BooleanField(default=False)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    # Pull: the RTSP URL without credentials (they live encrypted in `credentials`).
    source_url = models.CharField(max_length=2048, blank=True)
    credentials = models.BinaryField(blank=True, default=b"", editable=False)
    # Push: SHA-256 of the one-time publish secret (high entropy, so a fast hash suffices).
    publish_secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    review_state = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    review_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["site__name", "name"]
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        constraints = [
            models.UniqueConstraint(
                fields=["source_url"],
                condition=Q(mode="pull"),
                name="camera_pull_source_unique",
                violation_error_message=_("This camera URL is already enrolled."),
            ),
            models.CheckConstraint(
                condition=Q(mode="push") | ~Q(source_url=""),
                name="camera_pull_has_source",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def path_name(self) -> str:
        """The opaque MediaMTX path of this camera."""
        return f"cam/{self.id}"


class Verification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Verifying")
        OK = "ok", _("OK")
        UNREACHABLE = "unreachable", _("Unreachable")
        AUTH_FAILED = "auth_failed", _("Authentication failed")
        NO_VIDEO = "no_video", _("No video")
        TIMEOUT = "timeout", _("Timed out")
        WAITING_FOR_PUSH = "waiting_for_push", _("Waiting for the site to publish")

    class Trigger(models.TextChoices):
        ENROLLMENT = "enrollment", _("Enrollment")
        URL_CHANGE = "url_change", _("URL changed")
        ON_DEMAND = "on_demand", _("On demand")
        PERIODIC = "periodic", _("Periodic")
        PUBLISHED = "published", _("Site started publishing")

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="verifications")
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    fps = models.FloatField(null=True, blank=True)
    codec = models.CharField(max_length=20, blank=True)
    meets_min_resolution = models.BooleanField(null=True)
    snapshot = models.FileField(upload_to="snapshots/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.camera} {self.status} @ {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def pixels(self) -> int | None:
        if self.width is None or self.height is None:
            return None
        return self.width * self.height
