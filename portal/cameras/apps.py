from django.apps import AppConfig


class CamerasConfig(AppConfig):
    name = "portal.cameras"
    label = "cameras"
