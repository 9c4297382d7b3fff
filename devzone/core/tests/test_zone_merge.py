"""Zone merges (莱芜的3个开发区整合为新的莱芜高新区): rows move, the old zones stay as history, all audited."""

import datetime as dt

import pytest

from devzone.core import audit
from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Department, Enterprise, Project, Zone
from devzone.core.services.zones import zone_merge
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
MERGED_ON = dt.date(2019, 8, 1)


def test_a_city_officer_merges_zones_and_the_old_ones_keep_their_history(city, zone_a, zone_b, city_officer):
    dept = f.DepartmentFactory(zone=zone_b, established_on=dt.date(2010, 1, 1))
    project = f.ProjectFactory(zone=zone_b)
    f.AreaFactory(zone=zone_a, name="核心区")
    clash = f.AreaFactory(zone=zone_b, name="核心区")
    moved = zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=MERGED_ON)

    assert moved["projects"] == 1 and moved["enterprises"] == 1 and moved["areas"] == 1
    assert Project.objects.get(pk=project.pk).zone_id == zone_a.pk
    assert Enterprise.objects.get(pk=project.enterprise_id).zone_id == zone_a.pk
    zone_b.refresh_from_db()
    assert zone_b.merged_into_id == zone_a.pk and zone_b.merged_on == MERGED_ON
    assert Department.objects.get(pk=dept.pk).abolished_on == MERGED_ON  # history: counted before, not after
    clash.refresh_from_db()
    assert clash.zone_id == zone_a.pk and clash.name.endswith("·核心区")
    trail = audit.trail_for(project).filter(action=AuditAction.BULK_UPDATE)
    assert trail.get().changes == {"zone_id": [zone_b.pk, zone_a.pk]}


def test_a_zone_leader_cannot_merge_zones(zone_a, zone_b, zone_a_leader):
    with pytest.raises(PermissionDeniedError):
        zone_merge(actor=zone_a_leader, sources=[zone_b], target=zone_a, merged_on=MERGED_ON)
    assert Zone.objects.get(pk=zone_b.pk).merged_into_id is None


def test_an_enterprise_registered_in_both_zones_stops_the_merge_and_nothing_changes(
    zone_a, zone_b, city_officer
):
    a = f.EnterpriseFactory(zone=zone_a)
    b = f.EnterpriseFactory(zone=zone_b, credit_code=a.credit_code)
    with pytest.raises(DomainError) as exc:
        zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=MERGED_ON)
    assert a.credit_code in exc.value.message
    assert Enterprise.objects.get(pk=b.pk).zone_id == zone_b.pk
    assert Zone.objects.get(pk=zone_b.pk).merged_into_id is None


def test_a_zone_cannot_be_merged_into_itself_or_twice(zone_a, zone_b, city_officer):
    with pytest.raises(DomainError):
        zone_merge(actor=city_officer, sources=[zone_a], target=zone_a, merged_on=MERGED_ON)
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=MERGED_ON)
    with pytest.raises(DomainError):
        zone_merge(
            actor=city_officer, sources=[Zone.objects.get(pk=zone_b.pk)], target=zone_a, merged_on=MERGED_ON
        )


def test_the_merge_page_merges_for_a_city_officer_and_is_forbidden_to_a_zone_leader(
    client_for, zone_a, zone_b, city_officer, zone_a_leader
):
    assert client_for(zone_a_leader).get("/core/zone/merge/").status_code == 403
    resp = client_for(city_officer).post(
        "/core/zone/merge/", {"sources": [zone_b.pk], "target": zone_a.pk, "merged_on": "2019-08-01"}
    )
    assert resp.status_code == 302
    assert Zone.objects.get(pk=zone_b.pk).merged_into_id == zone_a.pk


def test_a_merged_zone_takes_no_new_rows(zone_a, zone_b, city_officer, zone_a_leader, zone_b_leader):
    """Its people stay on its books until re-appointed, but what they register belongs in the zone it joined:
    an enterprise whose credit code moved with the merge would otherwise be registered twice."""
    from devzone.core.services.objects import object_create, object_update

    moved = f.EnterpriseFactory(zone=zone_b)
    area = f.AreaFactory(zone=zone_b, name="北区")
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=MERGED_ON)
    again = Enterprise(zone=zone_b, name="重复登记", credit_code=moved.credit_code)
    with pytest.raises(DomainError, match="已并入"):
        object_create(actor=zone_b_leader, instance=again)
    assert Enterprise.objects.filter(credit_code=moved.credit_code).count() == 1
    kept = Department(zone=zone_b, name="新部门", kind="service")
    with pytest.raises(DomainError, match="已并入"):
        object_create(actor=zone_b_leader, instance=kept)
    area.refresh_from_db()  # moved with the merge: it is zone A's now and may be edited there
    area.description = "合并后修改"
    object_update(actor=zone_a_leader, instance=area)
