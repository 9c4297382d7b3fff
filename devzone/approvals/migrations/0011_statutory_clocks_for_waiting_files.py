"""Files accepted while waiting for a prerequisite (等待前置事项) get the statutory clock they lacked: 行政许可法
第四十二条 counts the limit from the day of acceptance (受理之日起), and waiting for another item is not one of the
periods 第四十五条 leaves out. The clock starts on the file's ``accepted_on`` with the item's statutory limit; the
promised clock and the review still start when the prerequisite is granted (services.intake.open_review)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from devzone.core.calendar import WorkCalendar

    Application = apps.get_model("approvals", "Application")
    Clock = apps.get_model("core", "Clock")
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = Application.objects.filter(
        status="waiting", legal_clock__isnull=True, accepted_on__isnull=False
    ).select_related("item")
    if not rows.exists():
        return
    cal = WorkCalendar(
        overrides=dict(CalendarDay.objects.values_list("date", "is_workday")),
        loaded_years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
    )
    content_type, _created = ContentType.objects.get_or_create(app_label="approvals", model="application")
    for app in rows.iterator(chunk_size=500):
        budget = app.item.legal_limit_days
        due = cal.due_date(app.accepted_on, budget, [])
        clock = Clock.objects.create(
            zone_id=app.zone_id,
            purpose="approvals.application.legal",
            content_type_id=content_type.pk,
            object_id=str(app.pk),
            started_on=app.accepted_on,
            budget_workdays=budget,
            status="running",
            due_on=due,
            due_provisional=cal.span_is_provisional(app.accepted_on, due),
        )
        Application.objects.filter(pk=app.pk).update(legal_clock=clock)


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0010_steps_and_materials_by_item_key"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
