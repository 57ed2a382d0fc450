"""Errors raised by services; the API turns them into 4xx answers with the message."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service refuses; `message` tells the user what to fix."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class Refused(ServiceError):
    """Not allowed for this user (403)."""

    status = 403
    code = "forbidden"


class Conflict(ServiceError):
    """Not allowed in the object's current state (409)."""

    status = 409
    code = "invalid_state"
