"""Load GB/T 4754-2017 sections and divisions (reference data every zone shares)."""

from django.db import migrations


def load(apps, schema_editor):
    from devzone.core.industries import rows

    Industry = apps.get_model("core", "Industry")
    for code, name, parent in rows():
        Industry.objects.update_or_create(code=code, defaults={"name": name, "parent_id": parent})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
