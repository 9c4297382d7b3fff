"""The write services: permission first, zone scope after the write, validation, audit in the same
transaction, optimistic concurrency; the staff ledger import and the bulk transfer leave one audit event per
row on every database (they are bulk writes, which signal-based audit would miss)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from devzone.core.choices import AuditAction, EmploymentType
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError
from devzone.core.models import AuditEvent, Department, Enterprise, Staff
from devzone.core.services import object_create, object_delete, object_update
from devzone.core.services.staff import HEADER as COLUMNS
from devzone.core.services.staff import staff_import, staff_transfer
from devzone.testing import factories as f
from devzone.testing.workbooks import xlsx

pytestmark = pytest.mark.django_db


def events(action, model=None):
    qs = AuditEvent.objects.filter(action=action)
    if model is not None:
        qs = qs.filter(content_type=ContentType.objects.get_for_model(model))
    return qs


# --- object_create ---------------------------------------------------------------------------------
def test_a_zone_leader_creates_a_department_in_their_zone_with_an_audit_event(zone_a, zone_a_leader):
    dept = object_create(
        actor=zone_a_leader, instance=Department(zone=zone_a, name="招商服务部", headcount_quota=8)
    )
    assert Department.objects.filter(pk=dept.pk, zone=zone_a).exists()
    event = events(AuditAction.CREATE, Department).get()
    assert event.actor == zone_a_leader
    assert event.actor_label == "甲主任"
    assert event.object_id == str(dept.pk)
    assert event.zone_id == zone_a.pk
    assert event.changes["name"] == [None, "招商服务部"]
    assert event.changes["headcount_quota"] == [None, 8]
    assert event.changes["zone_id"] == [None, zone_a.pk]


def test_a_zone_leader_cannot_create_a_row_in_another_zone(zone_a_leader, zone_b):
    with pytest.raises(PermissionDeniedError):
        object_create(actor=zone_a_leader, instance=Department(zone=zone_b, name="越界部门"))
    assert not Department.objects.filter(zone=zone_b).exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["zone_a_reviewer", "enterprise_user", "anonymous"])
def test_a_user_without_the_right_cannot_create(request, who, zone_a):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError):
        object_create(actor=actor, instance=Department(zone=zone_a, name="无权部门"))
    assert not Department.objects.filter(name="无权部门").exists()


def test_a_department_of_another_zone_on_a_zone_a_staff_is_refused_with_a_message(
    zone_a, zone_b, zone_a_leader
):
    dept_b = f.DepartmentFactory(zone=zone_b)
    member = f.StaffFactory.build(zone=zone_a, department=dept_b, employee_no="A001")
    with pytest.raises(DomainError) as exc:
        object_create(actor=zone_a_leader, instance=member)
    assert exc.value.errors["department"] == ["部门不属于该开发区"]
    assert not Staff.objects.exists()
    assert not AuditEvent.objects.exists()


def test_object_create_reports_field_errors_in_chinese(zone_a, zone_a_leader):
    bad = Enterprise(
        zone=zone_a, name="坏代码企业", credit_code="91110108717809965C", industry=f.industry("39")
    )
    with pytest.raises(DomainError) as exc:
        object_create(actor=zone_a_leader, instance=bad)
    assert exc.value.errors["credit_code"] == ["统一社会信用代码校验位（第18位）错误"]
    assert not Enterprise.objects.exists()


def test_a_duplicate_credit_code_in_the_zone_is_refused(zone_a, zone_a_leader, enterprise_a):
    dup = Enterprise(
        zone=zone_a, name="重复企业", credit_code=enterprise_a.credit_code, industry=f.industry("39")
    )
    with pytest.raises(DomainError):
        object_create(actor=zone_a_leader, instance=dup)
    assert Enterprise.objects.filter(credit_code=enterprise_a.credit_code).count() == 1


# --- object_update ---------------------------------------------------------------------------------
def test_object_update_records_before_and_after(zone_a, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_a, name="旧名称", headcount_quota=5)
    dept.name, dept.headcount_quota = "新名称", 7
    object_update(actor=zone_a_leader, instance=dept, note="机构调整")
    event = events(AuditAction.UPDATE, Department).get()
    assert event.changes == {"name": ["旧名称", "新名称"], "headcount_quota": [5, 7]}
    assert event.note == "机构调整"
    assert Department.objects.get(pk=dept.pk).name == "新名称"


def test_an_update_that_changes_nothing_leaves_no_event(zone_a, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_a)
    object_update(actor=zone_a_leader, instance=dept)
    assert not events(AuditAction.UPDATE).exists()


def test_object_update_on_a_stale_copy_raises_conflict(
    zone_a, zone_a_leader, zone_a_dept_head, zone_a_head_staff
):
    mine = Staff.objects.get(pk=zone_a_head_staff.pk)
    seen = mine.updated_at
    theirs = Staff.objects.get(pk=zone_a_head_staff.pk)
    theirs.phone = "13900000001"
    object_update(actor=zone_a_dept_head, instance=theirs, seen_updated_at=seen)
    mine.name = "覆盖别人的修改"
    with pytest.raises(ConflictError):
        object_update(actor=zone_a_leader, instance=mine, seen_updated_at=seen)
    stored = Staff.objects.get(pk=zone_a_head_staff.pk)
    assert stored.phone == "13900000001"
    assert stored.name == "甲部长"
    # With the current version the same edit goes through.
    mine.updated_at = stored.updated_at
    object_update(actor=zone_a_leader, instance=mine, seen_updated_at=stored.updated_at)
    assert Staff.objects.get(pk=zone_a_head_staff.pk).name == "覆盖别人的修改"


def test_moving_a_staff_to_a_department_of_another_zone_is_refused(zone_a, zone_b, zone_a_leader):
    member = f.StaffFactory(zone=zone_a)
    old_department = member.department_id
    member.department = f.DepartmentFactory(zone=zone_b)
    with pytest.raises(DomainError) as exc:
        object_update(actor=zone_a_leader, instance=member)
    assert "部门不属于该开发区" in exc.value.errors["department"]
    assert Staff.objects.get(pk=member.pk).department_id == old_department


def test_a_zone_b_row_cannot_be_updated_from_zone_a(zone_b, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_b, name="乙部门")
    dept.name = "被改了"
    with pytest.raises(PermissionDeniedError):
        object_update(actor=zone_a_leader, instance=dept)
    assert Department.objects.get(pk=dept.pk).name == "乙部门"


def test_a_department_head_changes_only_staff_of_their_own_department(
    zone_a, zone_a_dept_head, zone_a_head_staff
):
    colleague = f.StaffFactory(zone=zone_a, department=zone_a_head_staff.department)
    other = f.StaffFactory(zone=zone_a)  # another department
    colleague.phone = "13900000002"
    object_update(actor=zone_a_dept_head, instance=colleague)
    other.phone = "13900000003"
    with pytest.raises(PermissionDeniedError):
        object_update(actor=zone_a_dept_head, instance=other)
    assert Staff.objects.get(pk=other.pk).phone == ""


# --- object_delete ---------------------------------------------------------------------------------
def test_only_a_delete_right_deletes_and_the_row_is_audited(zone_a, zone_a_leader, sysadmin):
    dept = f.DepartmentFactory(zone=zone_a, name="待撤销部门")
    with pytest.raises(PermissionDeniedError):
        object_delete(actor=zone_a_leader, instance=dept)
    pk = dept.pk
    assert Department.objects.filter(pk=pk).exists()
    assert not events(AuditAction.DELETE).exists()
    object_delete(actor=sysadmin, instance=dept)
    assert not Department.objects.filter(pk=pk).exists()
    event = events(AuditAction.DELETE, Department).get()
    assert event.object_id == str(pk)
    assert event.changes["name"] == ["待撤销部门", None]


def test_deleting_a_referenced_row_is_refused_and_leaves_no_event(zone_a, sysadmin):
    member = f.StaffFactory(zone=zone_a)
    with pytest.raises(DomainError) as exc:
        object_delete(actor=sysadmin, instance=member.department)
    assert "引用" in exc.value.message
    assert Department.objects.filter(pk=member.department_id).exists()
    assert not events(AuditAction.DELETE).exists()


def test_a_sysadmin_of_another_city_cannot_delete(zone_a):
    from devzone.core.choices import Role

    stranger = f.user_with_role(Role.SYSADMIN, city=f.CityFactory())
    dept = f.DepartmentFactory(zone=zone_a)
    with pytest.raises(PermissionDeniedError):
        object_delete(actor=stranger, instance=dept)
    assert Department.objects.filter(pk=dept.pk).exists()


# --- staff ledger import ----------------------------------------------------------------------------
def ledger(*rows, header=COLUMNS) -> bytes:
    return xlsx([list(header), *map(list, rows)])


def row(no, name, dept="综合服务部", **over):
    values = {
        "工号": no,
        "姓名": name,
        "性别": "女",
        "出生日期": "1992-04-01",
        "学历": "硕士研究生",
        "用工类型": "雇员制",
        "职级": "科员及以下",
        "部门": dept,
        "岗位": "",
        "入职日期": dt.date(2018, 7, 1),
        "任现职级日期": None,  # optional: blank, not recorded
        "手机号": "13800000000",
    }
    values.update(over)
    return [values[c] for c in COLUMNS]


def test_staff_import_creates_every_row_with_one_import_event_each(zone_a, zone_a_leader, zone_a_department):
    post = f.PostFactory(zone=zone_a, department=zone_a_department, name="综合岗")
    data = ledger(
        row("A100", "王一"),
        row("A101", "李二", 岗位="综合岗", 用工类型="编制内", 性别="男"),
        [None] * len(COLUMNS),  # a blank line is skipped
    )
    created = staff_import(actor=zone_a_leader, zone=zone_a, data=data)
    assert sorted(s.employee_no for s in created) == ["A100", "A101"]
    second = Staff.objects.get(zone=zone_a, employee_no="A101")
    assert second.post == post
    assert second.employment_type == EmploymentType.ESTABLISHMENT
    assert second.hired_on == dt.date(2018, 7, 1)
    imported = events(AuditAction.IMPORT, Staff)
    assert imported.count() == 2
    assert set(imported.values_list("object_id", flat=True)) == {str(s.pk) for s in created}
    assert all(e.actor_id == zone_a_leader.pk and e.zone_id == zone_a.pk for e in imported)
    assert imported.get(object_id=str(second.pk)).changes["name"] == [None, "李二"]


def test_staff_import_with_a_bad_row_imports_nothing_and_lists_the_row(
    zone_a, zone_a_leader, zone_a_department
):
    f.StaffFactory(zone=zone_a, department=zone_a_department, employee_no="A001")
    data = ledger(
        row("A100", "王一"),
        row("A101", "李二", 性别="未知"),
        row("A001", "重号"),
        row("A102", "外区", dept="不存在的部门"),
        row("A103", "坏日期", 出生日期="1990-02-30"),
    )
    with pytest.raises(DomainError) as exc:
        staff_import(actor=zone_a_leader, zone=zone_a, data=data)
    errors = exc.value.errors["file"]  # shown on the upload field of the import page
    assert "第3行：性别“未知”无效" in errors
    assert "第4行：工号A001已存在" in errors
    assert any(e.startswith("第5行") and "不存在的部门" in e for e in errors)
    assert any(e.startswith("第6行") and "出生日期" in e for e in errors)
    assert not any(e.startswith("第2行") for e in errors)
    assert list(Staff.objects.values_list("employee_no", flat=True)) == ["A001"]
    assert not events(AuditAction.IMPORT).exists()


def test_staff_import_refuses_a_wrong_header_and_a_file_that_is_not_excel(zone_a, zone_a_leader):
    with pytest.raises(DomainError) as exc:
        staff_import(actor=zone_a_leader, zone=zone_a, data=ledger(row("A1", "甲"), header=["编号", "名字"]))
    assert "表头" in exc.value.message
    with pytest.raises(DomainError) as exc:
        staff_import(actor=zone_a_leader, zone=zone_a, data=b"not a workbook")
    assert ".xlsx" in exc.value.message
    assert not Staff.objects.exists()


def test_staff_import_into_another_zone_or_without_the_right_is_refused(
    zone_a, zone_b, zone_a_leader, zone_a_reviewer
):
    f.DepartmentFactory(zone=zone_b, name="综合服务部")
    with pytest.raises(PermissionDeniedError):
        staff_import(actor=zone_a_leader, zone=zone_b, data=ledger(row("B1", "乙")))
    with pytest.raises(PermissionDeniedError):
        staff_import(actor=zone_a_reviewer, zone=zone_a, data=ledger(row("A1", "甲")))
    assert not Staff.objects.exists()


# --- bulk transfer ----------------------------------------------------------------------------------
def test_staff_transfer_moves_in_bulk_with_one_event_per_staff(zone_a, zone_a_leader):
    old, new = f.DepartmentFactory(zone=zone_a), f.DepartmentFactory(zone=zone_a)
    post = f.PostFactory(zone=zone_a, department=new)
    members = f.StaffFactory.create_batch(3, zone=zone_a, department=old)
    untouched = f.StaffFactory(zone=zone_a, department=old)
    count = staff_transfer(actor=zone_a_leader, staff_ids=[m.pk for m in members], department=new, post=post)
    assert count == 3
    assert set(Staff.objects.filter(department=new).values_list("pk", flat=True)) == {m.pk for m in members}
    assert Staff.objects.get(pk=untouched.pk).department == old
    moved = events(AuditAction.BULK_UPDATE, Staff)
    assert moved.count() == 3
    for m in members:
        e = moved.get(object_id=str(m.pk))
        assert e.changes == {"department_id": [old.pk, new.pk], "post_id": [None, post.pk]}
        assert e.actor == zone_a_leader


def test_staff_transfer_refuses_other_zones_and_foreign_posts(zone_a, zone_b, zone_a_leader):
    dept_a, dept_a2 = f.DepartmentFactory(zone=zone_a), f.DepartmentFactory(zone=zone_a)
    dept_b = f.DepartmentFactory(zone=zone_b)
    mine = f.StaffFactory(zone=zone_a, department=dept_a)
    theirs = f.StaffFactory(zone=zone_b, department=dept_b)
    with pytest.raises(DomainError):  # a department out of reach
        staff_transfer(actor=zone_a_leader, staff_ids=[mine.pk], department=dept_b)
    with pytest.raises(PermissionDeniedError):  # a staff member out of reach
        staff_transfer(actor=zone_a_leader, staff_ids=[mine.pk, theirs.pk], department=dept_a2)
    with pytest.raises(DomainError):  # a post of another department
        staff_transfer(
            actor=zone_a_leader,
            staff_ids=[mine.pk],
            department=dept_a2,
            post=f.PostFactory(zone=zone_a, department=dept_a),
        )
    assert Staff.objects.get(pk=mine.pk).department == dept_a
    assert Staff.objects.get(pk=theirs.pk).department == dept_b
    assert not events(AuditAction.BULK_UPDATE).exists()


def test_audit_changes_are_json_on_every_database(zone_a, zone_a_leader):
    """Dates and decimals are stored as strings in the JSON column and read back identically."""
    dept = f.DepartmentFactory(zone=zone_a)
    post = object_create(
        actor=zone_a_leader,
        instance=f.PostFactory.build(zone=zone_a, department=dept, value_coefficient=Decimal("1.35")),
    )
    e = events(AuditAction.CREATE).get(object_id=str(post.pk))
    assert e.changes["value_coefficient"] == [None, "1.35"]
    member = object_create(actor=zone_a_leader, instance=f.StaffFactory.build(zone=zone_a, department=dept))
    e = events(AuditAction.CREATE).get(object_id=str(member.pk), content_type__model="staff")
    assert e.changes["birth_date"] == [None, "1990-05-01"]
