"""The table of the "shared" cache on the database (rate limits and lockouts seen by every worker)."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", "devzone_cache", database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS devzone_cache")


class Migration(migrations.Migration):
    dependencies = [("core", "0007_number_sequence")]
    operations = [migrations.RunPython(create, drop)]
