"""API shapes of agreement templates, agreements and grants."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.accounts.models import Organization
from portal.accounts.selectors import organizations_visible_to
from portal.agreements.models import Agreement, AgreementGroupObjectPermission, AgreementTemplate
from portal.api import VisibleRelatedField
from portal.cameras.models import Camera
from portal.cameras.selectors import cameras_visible_to

AnyUser = AbstractBaseUser | AnonymousUser
PERMISSION_NAMES = {"view_live": "live", "view_recording": "playback"}


class AgreementTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementTemplate
        fields = [
            "id",
            "version",
            "title_id",
            "title_en",
            "text_id",
            "text_en",
            "sha256",
            "is_current",
            "created_at",
        ]
        read_only_fields = ["id", "sha256", "is_current", "created_at"]
        validators: list = []  # the service answers a duplicate version with 409


class AgreementSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = serializers.ChoiceField(
        choices=Agreement.Status.choices,
        read_only=True,
        help_text=_("The state with time applied: approved agreements are active or expired."),
    )
    template_version = serializers.CharField(source="template.version", read_only=True)
    template_sha256 = serializers.CharField(source="template.sha256", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    signed_by = serializers.CharField(
        source="signed_by.username", read_only=True, default=None, allow_null=True
    )
    reviewed_by = serializers.CharField(
        source="reviewed_by.username", read_only=True, default=None, allow_null=True
    )
    revoked_by = serializers.CharField(
        source="revoked_by.username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "organization",
            "organization_name",
            "cameras",
            "access_level",
            "retention_days",
            "valid_from",
            "valid_until",
            "state",
            "status",
            "template_version",
            "template_sha256",
            "created_by",
            "created_at",
            "signed_by",
            "signed_at",
            "signed_ip",
            "signed_template_sha256",
            "reviewed_by",
            "reviewed_at",
            "review_reason",
            "revoked_by",
            "revoked_at",
            "revoke_reason",
        ]
        read_only_fields = fields


class AgreementCreateSerializer(serializers.Serializer):
    organization = VisibleRelatedField(Organization, organizations_visible_to)
    cameras = VisibleRelatedField(
        Camera, cameras_visible_to, many=True, pk_field=serializers.UUIDField()
    )
    access_level = serializers.ChoiceField(choices=Agreement.Access.choices)
    retention_days = serializers.IntegerField(
        allow_null=True, default=None, help_text=_("Live and recordings only: days kept.")
    )
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()


class SignSerializer(serializers.Serializer):
    template_sha256 = serializers.CharField(
        max_length=64, help_text=_("The sha256 of the template text you were shown.")
    )


def _grantee_candidates(user: AnyUser) -> QuerySet[Organization]:
    # Any organization id is accepted here so that a non-reviewer hears "only a reviewer can
    # grant" (403) and a reviewer hears which kinds can be granted; the service checks both.
    return Organization.objects.all() if user.is_authenticated else Organization.objects.none()


class GrantInputSerializer(serializers.Serializer):
    organization = VisibleRelatedField(
        Organization, _grantee_candidates, help_text=_("A command center or police unit.")
    )
    live = serializers.BooleanField(default=False)
    playback = serializers.BooleanField(default=False)


class ApproveSerializer(serializers.Serializer):
    reason = serializers.CharField(default="", allow_blank=True)
    grants = GrantInputSerializer(many=True, default=list)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(default="", allow_blank=True)


class GrantSerializer(serializers.ModelSerializer):
    agreement = serializers.IntegerField(source="content_object_id", read_only=True)
    organization = serializers.IntegerField(source="group.organization.pk", read_only=True)
    organization_name = serializers.CharField(source="group.organization.name", read_only=True)
    permission = serializers.SerializerMethodField()

    class Meta:
        model = AgreementGroupObjectPermission
        fields = ["agreement", "organization", "organization_name", "permission"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=sorted(PERMISSION_NAMES.values())))
    def get_permission(self, grant: AgreementGroupObjectPermission) -> str:
        return PERMISSION_NAMES.get(grant.permission.codename, grant.permission.codename)
