"""The REST API's router; each app contributes its viewsets."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from portal.accounts.api import (
    ConfirmView,
    LoginTokenView,
    MembershipViewSet,
    OrganizationViewSet,
    SignupView,
)
from portal.agreements.api import AgreementTemplateViewSet, AgreementViewSet, GrantViewSet
from portal.audit.api import AuditRecordViewSet
from portal.cameras.api import CameraViewSet, SiteViewSet
from portal.regions.api import RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("sites", SiteViewSet, basename="site")
router.register("cameras", CameraViewSet, basename="camera")
router.register("agreement-templates", AgreementTemplateViewSet, basename="agreement-template")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("grants", GrantViewSet, basename="grant")
router.register("audit", AuditRecordViewSet, basename="audit")

urlpatterns = [
    path("auth/token/", LoginTokenView.as_view(), name="api-token"),
    path("signup/", SignupView.as_view(), name="api-signup"),
    path("signup/confirm/", ConfirmView.as_view(), name="api-signup-confirm"),
    path("", include(router.urls)),
]
