"""Files opened before the statutory clock existed get one: the item's statutory limit from the promised clock's
start, lengthened by an extension already granted, paused only for the file's special procedures (行政许可法
第四十五条). Files waiting for acceptance after an answered 补正 count their 5 working days from that answer."""

from django.db import migrations
from django.db.models import F

OPEN_WITH_CLOCK = ("in_review", "review_supplement", "special", "suspended")


def forwards(apps, schema_editor):
    from devzone.core.calendar import Pause, WorkCalendar

    Application = apps.get_model("approvals", "Application")
    SpecialProcedure = apps.get_model("approvals", "SpecialProcedure")
    SupplementRequest = apps.get_model("approvals", "SupplementRequest")
    Extension = apps.get_model("approvals", "Extension")
    Clock = apps.get_model("core", "Clock")
    ClockPause = apps.get_model("core", "ClockPause")
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    cal = WorkCalendar(
        overrides=dict(CalendarDay.objects.values_list("date", "is_workday")),
        loaded_years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
    )
    rows = Application.objects.filter(
        status__in=OPEN_WITH_CLOCK, clock__isnull=False, legal_clock__isnull=True
    ).select_related("clock", "item")
    for app in rows.iterator(chunk_size=500):
        promised = app.clock
        extension = Extension.objects.filter(application_id=app.pk).first()
        budget = app.item.legal_limit_days + (extension.days if extension else 0)
        specials = list(SpecialProcedure.objects.filter(application_id=app.pk).order_by("started_on"))
        pauses = [Pause(s.started_on, s.ended_on) for s in specials]
        is_open = any(s.ended_on is None for s in specials)
        due = cal.due_date(promised.started_on, budget, pauses)
        clock = Clock.objects.create(
            zone_id=promised.zone_id,
            purpose="approvals.application.legal",
            content_type_id=promised.content_type_id,
            object_id=promised.object_id,
            started_on=promised.started_on,
            budget_workdays=budget,
            status="paused" if is_open else "running",
            due_on=due,
            due_provisional=cal.span_is_provisional(promised.started_on, due),
        )
        for s in specials:
            ClockPause.objects.create(
                clock=clock, paused_on=s.started_on, resumed_on=s.ended_on, reason=str(s.get_kind_display())[:100]
            )
        Application.objects.filter(pk=app.pk).update(legal_clock=clock)
    for row in SupplementRequest.objects.filter(
        application__status="submitted", during_review=False, answered_on__isnull=False
    ).values("application_id", "answered_on"):
        Application.objects.filter(pk=row["application_id"]).update(acceptance_from=row["answered_on"])
    Application.objects.filter(acceptance_from__isnull=True).update(acceptance_from=F("submitted_on"))


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0005_clocks_and_legal_nature"),
        ("core", "0010_idempotent_answer"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
