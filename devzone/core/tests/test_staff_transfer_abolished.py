"""The bulk transfer (批量调整部门) moves people with one update, past ``Staff.clean``: the service itself refuses a
department that has been abolished (撤销), with the message the staff form and the API give, on the department
field — also when the caller's department row was read before the department was abolished."""

import datetime as dt

import pytest

from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError
from devzone.core.models import AuditEvent, Department, Staff
from devzone.core.services.staff import staff_transfer
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
ABOLISHED = "该部门已撤销，请选择现有的部门"


@pytest.fixture
def people(zone_a):
    current = f.DepartmentFactory(zone=zone_a, name="投资促进部")
    return current, f.StaffFactory.create_batch(2, zone=zone_a, department=current)


def assert_nothing_moved(members, department):
    assert set(Staff.objects.filter(pk__in=[m.pk for m in members]).values_list("department", flat=True)) == {
        department.pk
    }
    assert not AuditEvent.objects.filter(action=AuditAction.BULK_UPDATE).exists()


def test_staff_transfer_refuses_an_abolished_department(zone_a, zone_a_leader, people):
    current, members = people
    old = f.DepartmentFactory(zone=zone_a, name="原招商局", abolished_on=dt.date(2019, 8, 1))
    post = f.PostFactory(zone=zone_a, department=old)
    with pytest.raises(DomainError) as e:
        staff_transfer(actor=zone_a_leader, staff_ids=[m.pk for m in members], department=old, post=post)
    assert e.value.errors == {"department": [ABOLISHED]}
    assert_nothing_moved(members, current)


def test_staff_transfer_reads_the_department_afresh(zone_a, zone_a_leader, people):
    """The department the form validated is abolished (a zone merge) before the transfer runs."""
    current, members = people
    target = f.DepartmentFactory(zone=zone_a, name="综合服务部")
    seen = Department.objects.get(pk=target.pk)
    Department.objects.filter(pk=target.pk).update(abolished_on=dt.date(2019, 8, 1))
    with pytest.raises(DomainError) as e:
        staff_transfer(actor=zone_a_leader, staff_ids=[m.pk for m in members], department=seen)
    assert e.value.errors == {"department": [ABOLISHED]}
    assert_nothing_moved(members, current)


def test_staff_transfer_still_moves_people_into_a_department_in_being(zone_a, zone_a_leader, people):
    _current, members = people
    target = f.DepartmentFactory(zone=zone_a, name="综合服务部")
    assert staff_transfer(actor=zone_a_leader, staff_ids=[m.pk for m in members], department=target) == 2
    assert set(Staff.objects.filter(department=target)) == set(members)
