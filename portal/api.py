"""Shared API plumbing: the exception handler, the client address, visibility helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from portal.errors import Refused, ServiceError

Selector = Callable[[AbstractBaseUser | AnonymousUser], QuerySet]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ServiceError):
        return Response({"detail": exc.message, "code": exc.code}, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    response = drf_exception_handler(exc, context)
    if response is None and isinstance(exc, PermissionError):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    return response


def client_ip(request: Request) -> str | None:
    """The address the request came from, as services record it (no proxy headers trusted)."""
    return request.META.get("REMOTE_ADDR") or None


def require_visible(queryset: QuerySet, obj: Model) -> None:
    """After a write, inside its transaction: the user must be able to see the result.

    Raising here rolls the write back, so nobody creates objects they cannot see.
    """
    if not queryset.filter(pk=obj.pk).exists():
        raise Refused(_("You would not be able to see the result, so nothing was saved."))


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key among the objects `selector(user)` returns; any other id does not exist."""

    default_error_messages = {
        "does_not_exist": gettext_lazy('There is no {model} "{pk_value}" that you can use.'),
        "incorrect_type": gettext_lazy("Give the id of the {model}, not {data_type}."),
    }

    def __init__(self, model: type[Model], selector: Selector, **kwargs: Any) -> None:
        self.model, self.selector = model, selector
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        user = request.user if request is not None else AnonymousUser()
        return self.selector(user)

    def fail(self, key: str, **kwargs: Any) -> None:
        kwargs.setdefault("model", self.model._meta.verbose_name)
        super().fail(key, **kwargs)


class MessageSerializer(serializers.Serializer):
    """A plain answer: what happened, in words."""

    detail = serializers.CharField()


def validated(
    serializer_class: type[serializers.Serializer], request: Request, *, partial: bool = False
) -> dict[str, Any]:
    """Validate the request body with `serializer_class`; 400 with field errors otherwise."""
    serializer = serializer_class(data=request.data, partial=partial, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
