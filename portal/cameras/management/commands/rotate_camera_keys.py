"""`manage.py rotate_camera_keys`: re-encrypt every camera's credentials with the newest key.

Rotation: prepend a new key to PANTAU_FERNET_KEYS, deploy, run this command, then drop the
old key from the list.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.cameras.crypto import rotate
from portal.cameras.models import Camera


class Command(BaseCommand):
    help = "Re-encrypt camera credentials with the first key of PANTAU_FERNET_KEYS."

    def handle(self, *args, **options) -> None:
        count = 0
        for pk in Camera.objects.exclude(credentials=b"").values_list("pk", flat=True).iterator():
            with transaction.atomic():
                camera = Camera.objects.select_for_update().get(pk=pk)
                camera.credentials = rotate(camera.credentials)
                camera.save(update_fields=["credentials"])
            count += 1
        self.stdout.write(f"Re-encrypted the credentials of {count} cameras.")
