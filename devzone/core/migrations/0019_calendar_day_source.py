"""Every calendar change names its source: ``CalendarDay.source`` is added and required, and so is
``CalendarYear.source``. Rows from before take their year's source when that year was loaded with one, else a
placeholder saying the source was not recorded."""

from django.db import migrations, models

NOT_RECORDED = "未记录（依据字段启用前的调整）"


def fill_sources(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarYear.objects.filter(source="").update(source=NOT_RECORDED)
    for year, source in CalendarYear.objects.exclude(source=NOT_RECORDED).values_list("year", "source"):
        CalendarDay.objects.filter(date__year=year).update(source=source)


class Migration(migrations.Migration):
    dependencies = [("core", "0018_auditevent_covered_indexes")]

    operations = [
        migrations.AddField(
            model_name="calendarday",
            name="source",
            field=models.CharField(default=NOT_RECORDED, max_length=200, verbose_name="依据"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="calendaryear",
            name="source",
            field=models.CharField(max_length=200, verbose_name="依据"),
        ),
        migrations.RunPython(fill_sources, migrations.RunPython.noop),
    ]
