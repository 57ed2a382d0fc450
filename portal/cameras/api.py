"""API views for sites and cameras. Thin: validate, fetch through a selector, one service."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from portal.api import client_ip, require_visible, validated
from portal.cameras.models import Camera, Site
from portal.cameras.selectors import (
    attach_latest_verifications,
    camera_detail_scope,
    camera_snapshot_for_user,
    camera_verifications_for_user,
    cameras_visible_to,
    sites_visible_to,
)
from portal.cameras.serializers import (
    CameraEnrolledSerializer,
    CameraEnrollSerializer,
    CameraReviewSerializer,
    CameraSerializer,
    CameraUpdateSerializer,
    CameraViewerSerializer,
    PublishSecretSerializer,
    SiteSerializer,
    VerificationSerializer,
)
from portal.cameras.services import (
    camera_enroll,
    camera_review,
    camera_rotate_publish_secret,
    camera_update,
    camera_verify,
    site_create,
)

CameraOut = PolymorphicProxySerializer(
    component_name="CameraOrViewerCamera",
    serializers=[CameraSerializer, CameraViewerSerializer],
    resource_type_field_name=None,
)


class SiteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Properties where cameras hang. Owner admins create them."""

    serializer_class = SiteSerializer
    filterset_fields = ["organization", "desa"]

    def get_queryset(self) -> QuerySet[Site]:
        return sites_visible_to(self.request.user).select_related("organization")

    def create(self, request: Request) -> Response:
        data = validated(SiteSerializer, request)
        with transaction.atomic():
            site = site_create(actor=request.user, ip=client_ip(request), **data)
            require_visible(self.get_queryset(), site)
        return Response(SiteSerializer(site).data, status=status.HTTP_201_CREATED)


class CameraFilter(django_filters.FilterSet):
    organization = django_filters.NumberFilter(field_name="site__organization")

    class Meta:
        model = Camera
        fields = ["site", "organization", "mode", "review_state"]


class JPEGRenderer(renderers.BaseRenderer):
    media_type = "image/jpeg"
    format = "jpg"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


@extend_schema_view(
    list=extend_schema(responses=CameraOut), retrieve=extend_schema(responses=CameraOut)
)
class CameraViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cameras you own, review, or may watch. Viewers see name, site, location, description."""

    serializer_class = CameraSerializer
    filterset_class = CameraFilter

    def get_queryset(self) -> QuerySet[Camera]:
        return cameras_visible_to(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["detail_scope"] = camera_detail_scope(self.request.user)
        return context

    def paginate_queryset(self, queryset: QuerySet[Camera]) -> list[Camera] | None:
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            attach_latest_verifications(page)
        return page

    def _out(self, camera: Camera, **extra: Any) -> dict[str, Any]:
        return {**self.get_serializer(camera).data, **extra}

    @extend_schema(request=CameraEnrollSerializer, responses={201: CameraEnrolledSerializer})
    def create(self, request: Request) -> Response:
        data = validated(CameraEnrollSerializer, request)
        with transaction.atomic():
            enrollment = camera_enroll(actor=request.user, ip=client_ip(request), **data)
            require_visible(self.get_queryset(), enrollment.camera)
        body = self._out(enrollment.camera, publish_secret=enrollment.publish_secret)
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=CameraUpdateSerializer, responses=CameraSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        camera = self.get_object()
        data = validated(CameraUpdateSerializer, request, partial=True)
        camera = camera_update(actor=request.user, camera=camera, ip=client_ip(request), **data)
        return Response(self._out(camera))

    @extend_schema(request=None, responses={202: VerificationSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        """Verify the stream now (owners of the camera and reviewers)."""
        camera = self.get_object()
        verification = camera_verify(actor=request.user, camera=camera, ip=client_ip(request))
        return Response(VerificationSerializer(verification).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=CameraReviewSerializer, responses=CameraSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        """A reviewer approves or rejects the camera (a rejection needs a reason)."""
        camera = self.get_object()
        data = validated(CameraReviewSerializer, request)
        camera = camera_review(actor=request.user, camera=camera, ip=client_ip(request), **data)
        return Response(self._out(camera))

    @extend_schema(request=None, responses=PublishSecretSerializer)
    @action(detail=True, methods=["post"], url_path="rotate-publish-secret")
    def rotate_publish_secret(self, request: Request, pk: str) -> Response:
        """A new publish secret for a push camera, shown once; the old one stops working."""
        camera = self.get_object()
        secret = camera_rotate_publish_secret(
            actor=request.user, camera=camera, ip=client_ip(request)
        )
        return Response({"publish_path": camera.path_name, "publish_secret": secret})

    @extend_schema(responses=VerificationSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None)
    def verifications(self, request: Request, pk: str) -> Response:
        """The camera's verification history, newest first."""
        history = camera_verifications_for_user(request.user, self.get_object())
        page = self.paginate_queryset(history)
        return self.get_paginated_response(VerificationSerializer(page, many=True).data)

    @extend_schema(
        responses={
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY, description="JPEG"),
        }
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer, JPEGRenderer],
    )
    def snapshot(self, request: Request, pk: str) -> FileResponse:
        """The latest verification's snapshot (owners of the camera and Diskominfo)."""
        verification = camera_snapshot_for_user(request.user, self.get_object())
        return FileResponse(verification.snapshot.open("rb"), content_type="image/jpeg")
