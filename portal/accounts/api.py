"""API views for sign-up, organizations and memberships. Thin: validate, fetch, one service."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from portal.accounts.models import Membership, Organization
from portal.accounts.selectors import memberships_visible_to, organizations_visible_to
from portal.accounts.serializers import (
    ConfirmSerializer,
    MembershipCreateSerializer,
    MembershipSerializer,
    OrganizationSerializer,
    SignupSerializer,
)
from portal.accounts.services import (
    account_confirm,
    membership_create,
    membership_remove,
    organization_create,
    owner_signup,
)
from portal.api import MessageSerializer, client_ip, require_visible, validated


class LoginTokenView(ObtainAuthToken):
    """Exchange a username and password for an API token; throttled per client address."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"


class _AnonymousSignupView(APIView):
    """Sign-up steps: open to anonymous clients, throttled together per client address."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "signup"


class SignupView(_AnonymousSignupView):
    """Register an accommodation or village and its first owner admin (anonymous)."""

    @extend_schema(request=SignupSerializer, responses={201: MessageSerializer})
    def post(self, request: Request) -> Response:
        data = validated(SignupSerializer, request)
        organization = dict(data.pop("organization"))
        user, _org = owner_signup(organization=organization, ip=client_ip(request), **data)
        message = _(
            "We sent a confirmation e-mail to %(email)s. Open the link in it to activate "
            "your account."
        ) % {"email": user.email}
        return Response({"detail": message}, status=status.HTTP_201_CREATED)


class ConfirmView(_AnonymousSignupView):
    """Confirm the e-mail address with the uid and token from the confirmation link."""

    @extend_schema(request=ConfirmSerializer, responses={200: MessageSerializer})
    def post(self, request: Request) -> Response:
        data = validated(ConfirmSerializer, request)
        account_confirm(uid=data["uid"], token=data["token"], ip=client_ip(request))
        return Response({"detail": _("Your e-mail address is confirmed. You can log in now.")})


class OrganizationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Organizations you belong to (Diskominfo: all). Platform admins create agencies and police."""

    serializer_class = OrganizationSerializer
    filterset_fields = ["kind"]

    def get_queryset(self) -> QuerySet[Organization]:
        return organizations_visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        data = validated(OrganizationSerializer, request)
        with transaction.atomic():
            org = organization_create(actor=request.user, ip=client_ip(request), **data)
            require_visible(self.get_queryset(), org)
        return Response(OrganizationSerializer(org).data, status=status.HTTP_201_CREATED)


class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Members of your organizations. Owner admins add staff; platform admins anyone."""

    serializer_class = MembershipSerializer
    filterset_fields = ["organization", "role"]

    def get_queryset(self) -> QuerySet[Membership]:
        return memberships_visible_to(self.request.user).order_by("organization__name", "id")

    @extend_schema(request=MembershipCreateSerializer, responses={201: MembershipSerializer})
    def create(self, request: Request) -> Response:
        data = validated(MembershipCreateSerializer, request)
        with transaction.atomic():
            membership = membership_create(actor=request.user, ip=client_ip(request), **data)
            require_visible(self.get_queryset(), membership)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Membership) -> None:
        membership_remove(actor=self.request.user, membership=instance, ip=client_ip(self.request))
