"""`manage.py seed_demo`: the demo's organizations, users, cameras and agreements."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo_seed import DemoCameras, seed


class Command(BaseCommand):
    help = "Seed demo data against the simulated cameras (never in production)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--camera-host", default="127.0.0.1")
        parser.add_argument("--camera-port", type=int, required=True)
        parser.add_argument("--camera-user", default="cam-admin")
        parser.add_argument(
            "--camera-password",
            default=os.environ.get("PANTAU_DEMO_CAMERA_PASSWORD"),
            help="the simulated cameras' password (default: $PANTAU_DEMO_CAMERA_PASSWORD)",
        )
        parser.add_argument(
            "--password",
            default=os.environ.get("PANTAU_DEMO_PASSWORD"),
            help="password for every demo user (default: $PANTAU_DEMO_PASSWORD)",
        )

    def handle(self, *args, **opts) -> None:
        if not opts["camera_password"] or not opts["password"]:
            raise CommandError(
                "Give --camera-password and --password (or their environment variables)"
            )
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with PANTAU_ENV=production")
        cameras = DemoCameras(
            opts["camera_host"], opts["camera_port"], opts["camera_user"], opts["camera_password"]
        )
        for email, role in seed(cameras=cameras, password=opts["password"]):
            self.stdout.write(f"  {email:32} {role}")
