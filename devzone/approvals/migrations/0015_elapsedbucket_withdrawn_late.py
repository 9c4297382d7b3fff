"""Files withdrawn after their statutory limit had run out count as late in law (``ElapsedBucket.legal_late``),
and as ``withdrawn_late``, never as decided files: the withdrawal ended the file, not the breach. The files
withdrawn so before are counted here as the service counts them now (services.intake.application_withdraw): in
the bucket of their item, the month they were withdrawn and the working days their statutory clock ran."""

from django.db import migrations, models
from django.db.models import F


def count_files_withdrawn_past_the_legal_limit(apps, schema_editor):
    from devzone.core.calendar import Pause, WorkCalendar

    Application = apps.get_model("approvals", "Application")
    ElapsedBucket = apps.get_model("approvals", "ElapsedBucket")
    ClockPause = apps.get_model("core", "ClockPause")
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    late = (
        Application.objects.filter(status="withdrawn")
        .exclude(concluded_on=None)
        .exclude(legal_clock=None)
        .exclude(legal_clock__due_on=None)
        .filter(concluded_on__gt=F("legal_clock__due_on"))
        .select_related("legal_clock")
    )
    if not late.exists():
        return
    cal = WorkCalendar(
        overrides=dict(CalendarDay.objects.values_list("date", "is_workday")),
        loaded_years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
    )
    for app in late.iterator(chunk_size=500):
        clock = app.legal_clock
        pauses = [Pause(p.paused_on, p.resumed_on) for p in ClockPause.objects.filter(clock_id=clock.pk)]
        elapsed = cal.elapsed(clock.started_on, clock.stopped_on or app.concluded_on, pauses)
        bucket, _created = ElapsedBucket.objects.get_or_create(
            zone_id=app.zone_id,
            item_id=app.item_id,
            month=app.concluded_on.replace(day=1),
            elapsed_workdays=elapsed,
        )
        ElapsedBucket.objects.filter(pk=bucket.pk).update(
            legal_late=F("legal_late") + 1, withdrawn_late=F("withdrawn_late") + 1
        )


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0014_one_open_application_per_item"),
        ("core", "0010_idempotent_answer"),
    ]

    operations = [
        migrations.AddField(
            model_name="elapsedbucket",
            name="withdrawn_late",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_files_withdrawn_past_the_legal_limit, migrations.RunPython.noop),
    ]
