"""Camera credentials at rest: encrypted, rotatable, never in repr."""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.core.management import call_command

from portal.cameras.crypto import Credentials, decrypt_credentials, encrypt_credentials
from portal.cameras.models import Camera
from tests.factories import make_camera, make_site


def test_credentials_round_trip_and_the_ciphertext_hides_them(settings):
    settings.PANTAU_FERNET_KEYS = [Fernet.generate_key().decode()]
    token = encrypt_credentials(Credentials("admin", "Kamera-Rahasia-1"))
    assert b"Kamera-Rahasia-1" not in token and b"admin" not in token
    assert decrypt_credentials(token) == Credentials("admin", "Kamera-Rahasia-1")
    assert "Kamera-Rahasia-1" not in repr(decrypt_credentials(token))


def test_rotation_moves_every_camera_to_the_new_key(p, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PANTAU_FERNET_KEYS = [old_key]
    camera = make_camera(make_site(p.owner_org))
    camera.credentials = encrypt_credentials(Credentials("admin", "Kamera-Rahasia-2"))
    camera.save()
    settings.PANTAU_FERNET_KEYS = [new_key, old_key]
    call_command("rotate_camera_keys")
    settings.PANTAU_FERNET_KEYS = [new_key]
    stored = Camera.objects.get(pk=camera.pk).credentials
    assert decrypt_credentials(stored).password == "Kamera-Rahasia-2"
