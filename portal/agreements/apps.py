from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "portal.agreements"
    label = "agreements"
