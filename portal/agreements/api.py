"""API views for agreement templates, agreements and grants.

Thin: validate, fetch through a selector (404 for what you may not see), one service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from portal.agreements.models import Agreement, AgreementGroupObjectPermission, AgreementTemplate
from portal.agreements.selectors import (
    agreements_visible_to,
    grants_visible_to,
    templates_visible_to,
)
from portal.agreements.serializers import (
    AgreementCreateSerializer,
    AgreementSerializer,
    AgreementTemplateSerializer,
    ApproveSerializer,
    GrantInputSerializer,
    GrantSerializer,
    ReasonSerializer,
    RevokeSerializer,
    SignSerializer,
)
from portal.agreements.services import (
    GrantSpec,
    agreement_approve,
    agreement_create,
    agreement_reject,
    agreement_revoke,
    agreement_sign,
    grant_set,
    template_publish,
)
from portal.api import client_ip, require_visible, validated


class AgreementTemplateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Versions of the agreement text. Platform admins publish a new current version."""

    serializer_class = AgreementTemplateSerializer
    filterset_fields = ["is_current", "version"]

    def get_queryset(self) -> QuerySet[AgreementTemplate]:
        return templates_visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        data = validated(AgreementTemplateSerializer, request)
        template = template_publish(actor=request.user, **data)
        return Response(AgreementTemplateSerializer(template).data, status=status.HTTP_201_CREATED)


class AgreementFilter(django_filters.FilterSet):
    class Meta:
        model = Agreement
        fields = ["state", "organization", "access_level"]


def _grant_specs(grants: list[dict[str, Any]]) -> list[GrantSpec]:
    return [GrantSpec(g["organization"], live=g["live"], playback=g["playback"]) for g in grants]


class AgreementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Data-sharing agreements: draft → signed → approved (active until it expires), or
    rejected; the owner may revoke at any time."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter

    def get_queryset(self) -> QuerySet[Agreement]:
        return (
            agreements_visible_to(self.request.user)
            .select_related("created_by", "signed_by", "reviewed_by", "revoked_by")
            .prefetch_related("cameras")
        )

    def _out(self, agreement: Agreement, code: int = status.HTTP_200_OK) -> Response:
        agreement = self.get_queryset().get(pk=agreement.pk)
        return Response(AgreementSerializer(agreement).data, status=code)

    def _act(
        self, request: Request, serializer: type, service: Callable[..., Agreement]
    ) -> Response:
        """A state transition: validate the body, call the service on the visible agreement."""
        agreement = self.get_object()
        data = validated(serializer, request)
        return self._out(
            service(actor=request.user, agreement=agreement, ip=client_ip(request), **data)
        )

    @extend_schema(request=AgreementCreateSerializer, responses={201: AgreementSerializer})
    def create(self, request: Request) -> Response:
        data = validated(AgreementCreateSerializer, request)
        with transaction.atomic():
            agreement = agreement_create(actor=request.user, ip=client_ip(request), **data)
            require_visible(self.get_queryset(), agreement)
        return self._out(agreement, status.HTTP_201_CREATED)

    @extend_schema(request=SignSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str) -> Response:
        """The owner admin signs the text whose sha256 they were shown."""
        return self._act(request, SignSerializer, agreement_sign)

    @extend_schema(request=ApproveSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """A reviewer approves a signed agreement, optionally granting viewer organizations."""
        agreement = self.get_object()
        data = validated(ApproveSerializer, request)
        agreement = agreement_approve(
            actor=request.user,
            agreement=agreement,
            grants=_grant_specs(data["grants"]),
            reason=data["reason"],
            ip=client_ip(request),
        )
        return self._out(agreement)

    @extend_schema(request=ReasonSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        """A reviewer rejects a signed agreement, with a reason for the owner."""
        return self._act(request, ReasonSerializer, agreement_reject)

    @extend_schema(request=RevokeSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        """The owner withdraws consent; access ends at once."""
        return self._act(request, RevokeSerializer, agreement_revoke)

    @extend_schema(methods=["GET"], request=None, responses=GrantSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=GrantInputSerializer, responses=GrantSerializer(many=True)
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def grants(self, request: Request, pk: str) -> Response:
        """Who may watch under this agreement. POST sets one organization's live/playback."""
        agreement = self.get_object()
        if request.method == "POST":
            data = validated(GrantInputSerializer, request)
            grant_set(
                actor=request.user,
                agreement=agreement,
                spec=_grant_specs([data])[0],
                ip=client_ip(request),
            )
        grants = grants_visible_to(request.user).filter(content_object=agreement)
        return Response(
            GrantSerializer(grants.order_by("group_id", "permission_id"), many=True).data
        )


class GrantFilter(django_filters.FilterSet):
    agreement = django_filters.NumberFilter(field_name="content_object")
    organization = django_filters.NumberFilter(field_name="group__organization")

    class Meta:
        model = AgreementGroupObjectPermission
        fields = ["agreement", "organization"]


class GrantViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Which viewer organization may do what (live, playback) under which agreement."""

    serializer_class = GrantSerializer
    filterset_class = GrantFilter

    def get_queryset(self) -> QuerySet[AgreementGroupObjectPermission]:
        return grants_visible_to(self.request.user).order_by("content_object_id", "id")
