"""API shapes of organizations, memberships and sign-up."""

from __future__ import annotations

from rest_framework import serializers

from portal.accounts.models import OWNER_KINDS, Membership, Organization, Role
from portal.accounts.selectors import organizations_visible_to
from portal.api import VisibleRelatedField

ORGANIZATION_FIELDS = [
    "kind",
    "name",
    "nib",
    "accommodation_type",
    "address",
    "kecamatan",
    "desa",
    "contact_name",
    "contact_phone",
    "contact_email",
    "licensed_on",
]


class OrganizationSerializer(serializers.ModelSerializer):
    under_4mp_rule = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organization
        fields = ["id", *ORGANIZATION_FIELDS, "under_4mp_rule", "created_at"]
        read_only_fields = ["id", "created_at"]
        # The service checks NIB uniqueness inside its transaction; no racy pre-check here.
        validators: list = []


class SignupOrganizationSerializer(OrganizationSerializer):
    kind = serializers.ChoiceField(choices=sorted(OWNER_KINDS))
    under_4mp_rule = None

    class Meta(OrganizationSerializer.Meta):
        fields = ORGANIZATION_FIELDS


class SignupSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    full_name = serializers.CharField(max_length=150)
    organization = SignupOrganizationSerializer()


class ConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.first_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "username",
            "full_name",
            "organization",
            "organization_name",
            "role",
            "created_at",
        ]
        read_only_fields = fields


class MembershipCreateSerializer(serializers.Serializer):
    """Add a person by the e-mail of their account, or create the account with a password."""

    organization = VisibleRelatedField(Organization, organizations_visible_to)
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    password = serializers.CharField(
        write_only=True, default="", allow_blank=True, style={"input_type": "password"}
    )
    full_name = serializers.CharField(max_length=150, default="", allow_blank=True)
