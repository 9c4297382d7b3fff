"""好差评 moves from approvals into services: every ApplicationRating becomes a services.Rating (the one store of
ratings), naming the item, the reviewer's department and the reviewer. approvals 0004 then drops its table."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    ApplicationRating = apps.get_model("approvals", "ApplicationRating")
    Rating = apps.get_model("services", "Rating")
    Profile = apps.get_model("core", "Profile")
    staff_department = {
        p.user_id: p.staff.department_id
        for p in Profile.objects.filter(staff__isnull=False).select_related("staff")
    }
    names = {p.user_id: p.display_name for p in Profile.objects.all()}
    rows = []
    for old in ApplicationRating.objects.select_related("application__item", "application__reviewer"):
        app = old.application
        reviewer = app.reviewer
        rows.append(
            Rating(
                zone_id=app.zone_id,
                kind="application",
                application_id=app.pk,
                enterprise_id=app.enterprise_id,
                item=f"审批：{app.item.name}"[:200],
                department_id=staff_department.get(app.reviewer_id),
                served_by_id=app.reviewer_id,
                served_by_label=(names.get(app.reviewer_id) or (reviewer.username if reviewer else ""))[:80],
                served_on=app.concluded_on,
                level=old.level,
                comment=old.comment,
                rated_on=timezone.localtime(old.rated_at).date(),
            )
        )
    Rating.objects.bulk_create(rows, batch_size=500)


def backwards(apps, schema_editor):
    ApplicationRating = apps.get_model("approvals", "ApplicationRating")
    Rating = apps.get_model("services", "Rating")
    ApplicationRating.objects.bulk_create(
        [
            ApplicationRating(application_id=r.application_id, level=r.level, comment=r.comment)
            for r in Rating.objects.filter(kind="application", automatic=False)
        ],
        batch_size=500,
    )
    Rating.objects.filter(kind="application").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0001_initial"),
        ("approvals", "0003_application_zone_recent"),
        ("core", "0005_zone_leading_industries"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
