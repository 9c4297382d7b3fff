"""The people each department's headcount counted (``DepartmentResult.members``). Rounds opened before the
field existed get the best record there is: the staff already graded for the department in the round and, for
a quarter whose pay is still open, the department's staff in post now who are graded nowhere else in it."""

from django.db import migrations, models


def fill_members(apps, schema_editor):
    DepartmentResult = apps.get_model("performance", "DepartmentResult")
    StaffGrade = apps.get_model("performance", "StaffGrade")
    Staff = apps.get_model("core", "Staff")
    for res in DepartmentResult.objects.select_related("round").iterator():
        graded_here = set(
            StaffGrade.objects.filter(round_id=res.round_id, department_id=res.department_id).values_list(
                "staff_id", flat=True
            )
        )
        members = set(graded_here)
        if res.round.pay_closed_at is None:
            graded_elsewhere = set(
                StaffGrade.objects.filter(round_id=res.round_id)
                .exclude(department_id=res.department_id)
                .values_list("staff_id", flat=True)
            )
            active = Staff.objects.filter(
                zone_id=res.round.zone_id, department_id=res.department_id, is_active=True
            ).values_list("pk", flat=True)
            members |= set(active) - graded_elsewhere
        ordered = Staff.objects.filter(pk__in=members).order_by("employee_no").values_list("pk", flat=True)
        res.members = list(ordered)
        res.save(update_fields=["members"])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0010_idempotent_answer'),
        ('performance', '0004_pay_closed_small_departments'),
    ]

    operations = [
        migrations.AddField(
            model_name='departmentresult',
            name='members',
            field=models.JSONField(blank=True, default=list, verbose_name='参与考核人员'),
        ),
        migrations.RunPython(fill_members, migrations.RunPython.noop),
    ]
