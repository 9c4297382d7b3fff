"""Items that existed when 0005 added ``legal_nature`` got 行政许可 under 行政许可法第四十二条 by default, whatever
they are in law (备案, 施工图审查 …). They are marked unconfirmed so that the catalog flags them until a person
checks and saves each one; items created since (by a person, the import or the demo, with their nature) stay
confirmed. "Existed then" is read from the time 0005 was applied (django_migrations)."""

from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder


def flag_defaulted_items(apps, schema_editor):
    ApprovalItem = apps.get_model("approvals", "ApprovalItem")
    applied = (
        MigrationRecorder(schema_editor.connection)
        .migration_qs.filter(app="approvals", name="0005_clocks_and_legal_nature")
        .values_list("applied", flat=True)
        .first()
    )
    if applied is not None:
        ApprovalItem.objects.filter(created_at__lt=applied).update(legal_nature_confirmed=False)


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0008_elapsedbucket_legal_late"),
    ]

    operations = [
        migrations.AddField(
            model_name="approvalitem",
            name="legal_nature_confirmed",
            field=models.BooleanField(default=True, verbose_name="法律性质已确认"),
        ),
        migrations.RunPython(flag_defaulted_items, migrations.RunPython.noop),
    ]
