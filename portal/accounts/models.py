"""Organizations (owners, villages, government, police) and the roles people hold in them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

nib_validator = RegexValidator(
    r"^\d{13}$", _("NIB (Nomor Induk Berusaha) must be exactly 13 digits.")
)


class Organization(models.Model):
    class Kind(models.TextChoices):
        ACCOMMODATION = "accommodation", _("Accommodation")
        VILLAGE = "village", _("Village (desa)")
        AGENCY = "agency", _("Government agency")
        POLICE = "police", _("Police unit")

    class AccommodationType(models.TextChoices):
        HOTEL = "hotel", _("Hotel")
        VILLA = "villa", _("Villa")
        GUESTHOUSE = "guesthouse", _("Guest house / homestay")
        RESORT = "resort", _("Resort")
        OTHER = "other", _("Other")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    accommodation_type = models.CharField(
        max_length=20, choices=AccommodationType.choices, blank=True
    )
    nib = models.CharField(max_length=13, blank=True, validators=[nib_validator])
    address = models.CharField(max_length=300, blank=True)
    kecamatan = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    desa = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)  # E.164, validated by lokal-id
    contact_email = models.EmailField(blank=True)
    # Built or licensed on this date; on or after PANTAU_4MP_POLICY_DATE the 4 MP rule applies.
    licensed_on = models.DateField(null=True, blank=True)
    # The Django group of this organization's viewers: django-guardian grants go to it.
    viewer_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="organization", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["nib"], condition=~Q(nib=""), name="organization_nib_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_owner_kind(self) -> bool:
        return self.kind in OWNER_KINDS

    @property
    def audit_owner_id(self) -> int | None:
        """The id audit records about this organization carry, so its owners can read them."""
        return self.pk if self.is_owner_kind else None

    @property
    def under_4mp_rule(self) -> bool:
        """New properties (licensed on or after the policy date) must have 4 MP cameras."""
        if self.kind != self.Kind.ACCOMMODATION or self.licensed_on is None:
            return False
        return self.licensed_on >= settings.PANTAU_4MP_POLICY_DATE


OWNER_KINDS = {Organization.Kind.ACCOMMODATION, Organization.Kind.VILLAGE}


class Role(models.TextChoices):
    OWNER_ADMIN = "owner_admin", _("Owner admin")
    OWNER_STAFF = "owner_staff", _("Owner staff")
    REVIEWER = "reviewer", _("Reviewer")
    OPERATOR = "operator", _("Operator")
    POLICE_VIEWER = "police_viewer", _("Police viewer")
    POLICE_SUPERVISOR = "police_supervisor", _("Police supervisor")
    AUDITOR = "auditor", _("Auditor")
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")


# Which roles an organization of each kind may hand out.
ROLES_BY_KIND: dict[str, set[str]] = {
    Organization.Kind.ACCOMMODATION: {Role.OWNER_ADMIN, Role.OWNER_STAFF},
    Organization.Kind.VILLAGE: {Role.OWNER_ADMIN, Role.OWNER_STAFF},
    Organization.Kind.AGENCY: {Role.REVIEWER, Role.OPERATOR, Role.AUDITOR, Role.PLATFORM_ADMIN},
    Organization.Kind.POLICE: {Role.POLICE_VIEWER, Role.POLICE_SUPERVISOR},
}
# Roles that watch video; members with them join their organization's viewer group.
VIEWER_ROLES = {Role.OPERATOR, Role.POLICE_VIEWER, Role.POLICE_SUPERVISOR}
OWNER_ROLES = {Role.OWNER_ADMIN, Role.OWNER_STAFF}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organization}"
