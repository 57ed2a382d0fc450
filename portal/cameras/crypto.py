"""Camera credentials at rest: MultiFernet with keys from PANTAU_FERNET_KEYS.

The first key encrypts; every key decrypts, so keys can be rotated by prepending a new
one and running `manage.py rotate_camera_keys`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Credentials:
    username: str = ""
    password: str = ""

    def __repr__(self) -> str:  # never let a password reach a log through repr()
        return f"Credentials(username={self.username!r}, password=***)"

    def __bool__(self) -> bool:
        return bool(self.username or self.password)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret_key: str, production: bool) -> MultiFernet:
    if not keys:
        if production:
            raise ImproperlyConfigured("PANTAU_FERNET_KEYS is not set")
        # Development only: a key derived from SECRET_KEY, so the demo needs no setup.
        derived = base64.urlsafe_b64encode(hashlib.sha256(secret_key.encode()).digest())
        return MultiFernet([Fernet(derived)])
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "PANTAU_FERNET_KEYS holds a malformed key: each must be 32 url-safe base64-encoded "
            "bytes (generate with Fernet.generate_key())"
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.PANTAU_FERNET_KEYS), settings.SECRET_KEY, settings.PRODUCTION)


def encrypt_credentials(credentials: Credentials) -> bytes:
    if not credentials:
        return b""
    payload = json.dumps({"u": credentials.username, "p": credentials.password}).encode()
    return fernet().encrypt(payload)


def decrypt_credentials(token: bytes | memoryview) -> Credentials:
    token = bytes(token)
    if not token:
        return Credentials()
    try:
        data = json.loads(fernet().decrypt(token))
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Camera credentials cannot be decrypted with PANTAU_FERNET_KEYS: was a key removed?"
        ) from exc
    return Credentials(username=data.get("u", ""), password=data.get("p", ""))


def rotate(token: bytes | memoryview) -> bytes:
    token = bytes(token)
    return fernet().rotate(token) if token else b""
