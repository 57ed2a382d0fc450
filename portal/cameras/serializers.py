"""API shapes of sites, cameras and verifications.

Camera output never carries credentials or the publish secret's hash. Viewers (the command
center, police) see a camera's name, site, location and description only; its owners and
Diskominfo see the rest.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.accounts.models import Organization
from portal.accounts.selectors import organizations_visible_to
from portal.api import VisibleRelatedField
from portal.cameras.models import Camera, Site, Verification
from portal.cameras.selectors import (
    DetailScope,
    camera_detail_scope,
    four_mp_status,
    latest_verification,
    sites_visible_to,
)
from workers.probe import CODEC_NAMES

FOUR_MP_CHOICES = ["compliant", "blocked", "advisory"]

Status = Verification.Status
# The probe stores English sentences; readers get one sentence per outcome in their language.
STATUS_MESSAGES = {
    Status.PENDING: _("The check is running."),
    Status.UNREACHABLE: _(
        "The command center could not reach the camera. "
        "Check the address and that the camera is online."
    ),
    Status.AUTH_FAILED: _(
        "The camera refused the username or password. Check the credentials you entered."
    ),
    Status.NO_VIDEO: _(
        "The camera answered but sent no video. "
        "Check the stream path and that video is enabled on the camera."
    ),
    Status.TIMEOUT: _(
        "The camera did not answer in time. Check the port and that the camera is not overloaded."
    ),
    Status.WAITING_FOR_PUSH: _("Waiting for the site to start publishing to the command center."),
}


def verification_message(verification: Verification) -> str:
    """The outcome in the active language, built from the structured fields."""
    v = verification
    if v.status != Status.OK:
        return str(STATUS_MESSAGES.get(v.status, v.get_status_display()))
    if not (v.width and v.height):
        return gettext("The camera sent video.")
    if not (v.fps and v.codec):
        return gettext("The camera sent video: %(width)sx%(height)s.") % {
            "width": v.width,
            "height": v.height,
        }
    return gettext("The camera sent video: %(width)sx%(height)s at %(fps)s fps (%(codec)s).") % {
        "width": v.width,
        "height": v.height,
        "fps": f"{v.fps:g}",
        "codec": CODEC_NAMES.get(v.codec, v.codec.upper()),
    }


class SiteSerializer(serializers.ModelSerializer):
    organization = VisibleRelatedField(Organization, organizations_visible_to)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Site
        fields = [
            "id",
            "organization",
            "organization_name",
            "name",
            "address",
            "desa",
            "latitude",
            "longitude",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class VerificationSerializer(serializers.ModelSerializer):
    four_mp = serializers.SerializerMethodField(
        help_text=_(
            "compliant; blocked (the owner is under the 4 MP rule and the camera is "
            "below it); advisory (below it, owner not under the rule); null (not measured)."
        )
    )
    message = serializers.SerializerMethodField(help_text=_("The outcome, in your language."))
    detail = serializers.CharField(
        source="message",
        read_only=True,
        help_text=_("The technical note as recorded, not translated."),
    )
    has_snapshot = serializers.SerializerMethodField()

    class Meta:
        model = Verification
        fields = [
            "id",
            "trigger",
            "status",
            "message",
            "detail",
            "width",
            "height",
            "fps",
            "codec",
            "meets_min_resolution",
            "four_mp",
            "has_snapshot",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(choices=FOUR_MP_CHOICES, allow_null=True, read_only=True)
    )
    def get_four_mp(self, verification: Verification) -> str | None:
        return four_mp_status(verification, verification.camera.site.organization)

    def get_message(self, verification: Verification) -> str:
        return verification_message(verification)

    def get_has_snapshot(self, verification: Verification) -> bool:
        return bool(verification.snapshot)


class CameraViewerSerializer(serializers.ModelSerializer):
    """What a viewer sees of a camera it may watch."""

    site_name = serializers.CharField(source="site.name", read_only=True)
    latitude = serializers.DecimalField(
        source="site.latitude", max_digits=9, decimal_places=6, read_only=True
    )
    longitude = serializers.DecimalField(
        source="site.longitude", max_digits=9, decimal_places=6, read_only=True
    )

    class Meta:
        model = Camera
        fields = ["id", "name", "site_name", "latitude", "longitude", "description"]
        read_only_fields = fields


class CameraSerializer(CameraViewerSerializer):
    """What the camera's owners and Diskominfo see."""

    organization = serializers.IntegerField(source="site.organization_id", read_only=True)
    organization_name = serializers.CharField(source="site.organization.name", read_only=True)
    under_4mp_rule = serializers.BooleanField(
        source="site.organization.under_4mp_rule", read_only=True
    )
    has_credentials = serializers.SerializerMethodField()
    publish_path = serializers.SerializerMethodField(
        help_text=_("Push cameras: the path the site publishes to.")
    )
    latest_verification = serializers.SerializerMethodField()

    class Meta(CameraViewerSerializer.Meta):
        fields = [
            *CameraViewerSerializer.Meta.fields,
            "site",
            "organization",
            "organization_name",
            "under_4mp_rule",
            "mode",
            "source_url",
            "has_credentials",
            "publish_path",
            "faces_public_area",
            "signage_posted",
            "review_state",
            "review_reason",
            "reviewed_at",
            "latest_verification",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _scope(self) -> DetailScope:
        if "detail_scope" not in self.context:
            request = self.context.get("request")
            user = getattr(request, "user", None)
            self.context["detail_scope"] = (
                camera_detail_scope(user) if user is not None else DetailScope(False, frozenset())
            )
        return self.context["detail_scope"]

    def to_representation(self, camera: Camera) -> dict[str, Any]:
        if self._scope().covers(camera):
            return super().to_representation(camera)
        return CameraViewerSerializer(camera, context=self.context).data

    def get_has_credentials(self, camera: Camera) -> bool:
        return len(bytes(camera.credentials or b"")) > 0

    @extend_schema_field(OpenApiTypes.STR)
    def get_publish_path(self, camera: Camera) -> str | None:
        return camera.path_name if camera.mode == Camera.Mode.PUSH else None

    @extend_schema_field(VerificationSerializer(allow_null=True))
    def get_latest_verification(self, camera: Camera) -> dict[str, Any] | None:
        verification = getattr(camera, "latest_verification", None)
        if verification is None and not hasattr(camera, "latest_verification"):
            verification = latest_verification(camera)
        if verification is None:
            return None
        verification.camera = camera
        return VerificationSerializer(verification, context=self.context).data


class CameraEnrollSerializer(serializers.Serializer):
    site = VisibleRelatedField(Site, sites_visible_to)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(help_text=_("What the camera shows."))
    faces_public_area = serializers.BooleanField(
        default=False, help_text=_("UU PDP Art. 17: the camera faces a public area.")
    )
    signage_posted = serializers.BooleanField(
        default=False, help_text=_("UU PDP Art. 17: a visible CCTV notice is posted.")
    )
    mode = serializers.ChoiceField(choices=Camera.Mode.choices)
    url = serializers.CharField(
        write_only=True, default="", allow_blank=True, trim_whitespace=False, max_length=4096
    )
    username = serializers.CharField(
        write_only=True, default="", allow_blank=True, trim_whitespace=False, max_length=200
    )
    password = serializers.CharField(
        write_only=True,
        default="",
        allow_blank=True,
        trim_whitespace=False,
        max_length=200,
        style={"input_type": "password"},
    )


class CameraUpdateSerializer(serializers.Serializer):
    """Changing url, username or password sends the camera back to review."""

    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False)
    url = serializers.CharField(write_only=True, required=False, max_length=4096)
    username = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200
    )
    password = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=200,
        style={"input_type": "password"},
    )


class CameraReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(default="", allow_blank=True)


class PublishSecretSerializer(serializers.Serializer):
    """Shown once: store the secret in the site's publisher now; it cannot be shown again."""

    publish_path = serializers.CharField()
    publish_secret = serializers.CharField()


class CameraEnrolledSerializer(CameraSerializer):
    publish_secret = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("Push cameras only, shown this once.")
    )

    class Meta(CameraSerializer.Meta):
        fields = [*CameraSerializer.Meta.fields, "publish_secret"]
        read_only_fields = fields
