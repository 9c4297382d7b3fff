"""Blank the form data django-axes kept of earlier failed attempts (``axes_accessattempt.post_data``).

Until ``AXES_SENSITIVE_PARAMETERS`` was set, a wrong current password on 修改密码 left the password typed and the
new one in clear there (axes masked only a field named ``password``). The rows stay — their counts are the
lockouts in force — without the form. Copies made before (backups, a PostgreSQL table's old row versions until
VACUUM) are dealt with in docs/security.md."""

from django.db import migrations


def blank_post_data(apps, schema_editor):
    AccessAttempt = apps.get_model("axes", "AccessAttempt")
    AccessAttempt.objects.using(schema_editor.connection.alias).exclude(post_data="").update(post_data="")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0020_profile_language_worker_heartbeat"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(blank_post_data, migrations.RunPython.noop, elidable=True)]
