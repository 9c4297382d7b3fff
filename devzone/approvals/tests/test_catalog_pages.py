"""The catalog's item pages: list, detail, edit and create, the import page, and their zone isolation."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from devzone.approvals.catalog import catalog_import, catalog_rows
from devzone.approvals.choices import StepName
from devzone.approvals.demo_catalog import load_catalog
from devzone.approvals.models import ApprovalItem, SourceDepartment
from devzone.approvals.tests.catalog_books import edit_post, item, upload, valid_catalog, workbook
from devzone.core.choices import AuditAction
from devzone.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_a(zone_a, zone_a_leader, departments):
    catalog_import(actor=zone_a_leader, zone=zone_a, data=valid_catalog())
    return {i.code: i for i in ApprovalItem.objects.filter(zone=zone_a)}


@pytest.mark.isolation
def test_a_zone_b_leader_can_neither_see_nor_edit_zone_a_items(client_for, zone_b_leader, catalog_a):
    c = client_for(zone_b_leader)
    new = catalog_a["ZJ-010-1"]
    assert c.get(reverse("approvals:item_detail", args=[new.pk])).status_code == 404
    assert c.get(reverse("approvals:item_edit", args=[new.pk])).status_code == 404
    assert c.post(reverse("approvals:item_edit", args=[new.pk]), {"name": "改"}).status_code == 404
    listing = c.get(reverse("approvals:item_list"))
    assert listing.status_code == 200 and "ZJ-010-1" not in listing.content.decode()
    export = c.get(reverse("approvals:catalog_export"))
    assert export.status_code == 200
    assert [
        r[0] for r in load_workbook(BytesIO(export.content))["事项"].iter_rows(min_row=2, values_only=True)
    ] == []
    new.refresh_from_db()
    assert new.name == "建筑工程施工许可证核发"


def test_a_reviewer_reads_the_catalog_but_cannot_change_it(client_for, zone_a_reviewer, catalog_a):
    c = client_for(zone_a_reviewer)
    new = catalog_a["ZJ-010-1"]
    page = c.get(reverse("approvals:item_detail", args=[new.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "施工合同" in body and "企业投资项目备案" in body  # a material and the prerequisite
    assert c.get(reverse("approvals:item_edit", args=[new.pk])).status_code == 403
    assert c.get(reverse("approvals:item_create")).status_code == 403
    assert c.get(reverse("approvals:catalog_import")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, catalog_a):
    for name, args in [("item_list", []), ("item_detail", [catalog_a["FG-001"].pk]), ("catalog_export", [])]:
        response = client.get(reverse(f"approvals:{name}", args=args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_leader_edits_an_item_with_its_steps_and_materials(client_for, zone_a_leader, catalog_a):
    c = client_for(zone_a_leader)
    new = catalog_a["ZJ-010-1"]
    contract = new.materials.get(name="施工合同")
    url = reverse("approvals:item_edit", args=[new.pk])
    assert c.get(url).status_code == 200
    n = new.materials.count()
    post = edit_post(
        new,
        promised_limit_days=2,
        step_accept=0,
        **{"m-2-name": "施工合同（含中标通知书）", f"m-{n}-name": "安全生产许可证", f"m-{n}-copies": 1},
        **{f"m-{n}-original": "0", f"m-{n}-required": "on", "m-0-DELETE": "on"},
    )
    response = c.post(url, post)
    assert response.status_code == 302, response.content.decode()[:3000]
    new.refresh_from_db()
    assert new.promised_limit_days == 2
    assert [(s.name, s.limit_days) for s in new.steps.all()] == [
        (StepName.ACCEPT, 0),
        (StepName.REVIEW, 1),
        (StepName.DECIDE, 1),
        (StepName.CERTIFY, 0),
    ]
    assert list(new.materials.values_list("name", flat=True)) == [
        "建设工程规划许可证",
        "施工合同（含中标通知书）",
        "安全生产许可证",
    ]
    assert new.materials.get(name="施工合同（含中标通知书）").pk == contract.pk  # kept its identity
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(new.pk)).get()
    assert event.changes["promised_limit_days"] == [3, 2]


def test_an_edit_breaking_a_rule_is_refused_with_the_reason(client_for, zone_a_leader, catalog_a):
    c = client_for(zone_a_leader)
    new = catalog_a["ZJ-010-1"]
    url = reverse("approvals:item_edit", args=[new.pk])
    response = c.post(url, edit_post(new, promised_limit_days=9))
    assert response.status_code == 200
    assert "承诺时限" in response.content.decode() and "不能超过法定时限" in response.content.decode()
    response = c.post(url, edit_post(new, prerequisites=[catalog_a["ZJ-010"].pk]))  # a 主项: not offered
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    new.refresh_from_db()
    assert new.promised_limit_days == 3 and list(new.prerequisites.values_list("code", flat=True)) == [
        "FG-001"
    ]


def test_a_leader_creates_an_item_in_their_own_zone(client_for, zone_a, zone_a_leader, catalog_a):
    c = client_for(zone_a_leader)
    dept = SourceDepartment.objects.get(zone=zone_a, name="县住建委")
    post = {
        "code": "ZJ-099",
        "name": "城市道路挖掘审批",
        "source_department": dept.pk,
        "delegation_batch": 2,
        "kind": "promised",
        "stage": "construction_permit",
        "legal_limit_days": 20,
        "promised_limit_days": 5,
        "result_type": "许可决定书",
        "legal_nature": "licensing",
        "result_kind": "permit",
        "legal_limit_basis": "《中华人民共和国行政许可法》第四十二条",
        "extension_max_days": 10,
        "extension_basis": "《中华人民共和国行政许可法》第四十二条",
        "special_max_days": 60,
        "special_basis": "本区审批制度改革方案",
        "fee": "0",
        "is_active": "on",
        "step_accept": 1,
        "step_review": 3,
        "step_decide": 1,
        "m-TOTAL_FORMS": 1,
        "m-INITIAL_FORMS": 0,
        "m-0-name": "申请表",
        "m-0-original": "1",
        "m-0-copies": 1,
        "m-0-required": "on",
    }
    response = c.post(reverse("approvals:item_create"), post)
    assert response.status_code == 302
    created = ApprovalItem.objects.get(code="ZJ-099")
    assert created.zone == zone_a and created.steps.count() == 3 and created.materials.get().original
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(created.pk)).exists()


@pytest.mark.isolation
def test_create_refuses_another_zones_department_or_parent(client_for, zone_b, zone_b_leader, catalog_a):
    """A zone-B leader's forged POST naming zone A's department, parent or prerequisite creates nothing."""
    SourceDepartment.objects.create(zone=zone_b, name="县住建委")
    c = client_for(zone_b_leader)
    a_dept = catalog_a["ZJ-010"].source_department
    post = {
        "code": "B-1",
        "name": "伪造",
        "source_department": a_dept.pk,
        "parent": catalog_a["ZJ-010"].pk,
        "handling_kind": "new",
        "prerequisites": [catalog_a["FG-001"].pk],
        "delegation_batch": 1,
        "kind": "promised",
        "stage": "other",
        "legal_limit_days": 20,
        "promised_limit_days": 5,
        "result_type": "许可",
        "fee": "0",
        "m-TOTAL_FORMS": 0,
        "m-INITIAL_FORMS": 0,
    }
    response = c.post(reverse("approvals:item_create"), post)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("invalid-feedback d-block") >= 3  # each of the three choices refused
    assert not ApprovalItem.objects.filter(code="B-1").exists()
    assert not ApprovalItem.objects.filter(zone=zone_b).exists()


@pytest.mark.isolation
def test_the_import_page_writes_only_into_the_users_own_zone(
    client_for, zone_a, zone_b, zone_b_leader, catalog_a
):
    for name in ("县住建委", "县发改委"):
        SourceDepartment.objects.create(zone=zone_b, name=name)
    before = catalog_rows(zone_a)
    c = client_for(zone_b_leader)
    response = c.post(
        reverse("approvals:catalog_import"), {"action": "import", "file": upload(valid_catalog())}
    )
    assert response.status_code == 302
    assert ApprovalItem.objects.filter(zone=zone_b).count() == 4
    assert catalog_rows(zone_a) == before  # the same codes in zone A were not touched
    assert c.get(reverse("approvals:item_detail", args=[catalog_a["FG-001"].pk])).status_code == 404


def test_the_import_page_lists_every_bad_row_and_imports_a_good_file(
    client_for, zone_a, zone_a_leader, departments
):
    c = client_for(zone_a_leader)
    url = reverse("approvals:catalog_import")
    assert c.get(url).status_code == 200
    bad = workbook([item("B-1", 原职能部门="县教育局"), item("B-2", 法定时限="abc")])
    response = c.post(url, {"action": "import", "file": upload(bad)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "事项表第2行（B-1）" in body and "事项表第3行（B-2）" in body
    assert not ApprovalItem.objects.exists()
    response = c.post(url, {"action": "import", "file": upload(valid_catalog())})
    assert response.status_code == 302 and ApprovalItem.objects.filter(zone=zone_a).count() == 4
    response = c.post(url, {"action": "department", "d-name": "县人防办"})
    assert (
        response.status_code == 302 and SourceDepartment.objects.filter(zone=zone_a, name="县人防办").exists()
    )
    template = c.get(reverse("approvals:catalog_template"))
    assert template.status_code == 200 and load_workbook(BytesIO(template.content)).sheetnames[0] == "事项"


def test_the_list_page_does_not_query_per_row(
    client_for, zone_a, zone_a_leader, django_assert_max_num_queries
):
    load_catalog(zone_a)
    c = client_for(zone_a_leader)
    with django_assert_max_num_queries(20):
        response = c.get(reverse("approvals:item_list"))
    assert response.status_code == 200 and "企业投资项目备案" in response.content.decode()


def test_items_defaulted_to_licensing_by_the_migration_are_flagged_until_a_person_confirms(
    client_for, zone_a_leader, catalog_a
):
    """Migration 0005 gave every existing item 行政许可 under 第四十二条; 0008 marks the items that existed then
    as unconfirmed. The catalog says so, lists them, and saving an item (a person checked it) confirms it."""
    import datetime as dt
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("devzone.approvals.migrations.0009_item_legal_nature_confirmed")
    old = [catalog_a["ZJ-010-1"], catalog_a["ZJ-010"]]
    ApprovalItem.objects.filter(pk__in=[i.pk for i in old]).update(
        created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # before 0005 was applied
    )
    migration.flag_defaulted_items(apps, SimpleNamespace(connection=connection))
    assert set(ApprovalItem.objects.filter(legal_nature_confirmed=False)) == set(old)  # the rest came later
    c = client_for(zone_a_leader)
    page = c.get(reverse("approvals:item_list")).content.decode()
    assert 'data-unconfirmed="2"' in page and "尚未经人确认" in page
    assert page.count("data-unconfirmed-item") == 2
    only = c.get(reverse("approvals:item_list"), {"legal_nature_confirmed": "false"}).content.decode()
    assert "ZJ-010-1" in only and "ZJ-010-2" not in only
    new = catalog_a["ZJ-010-1"]
    detail = c.get(reverse("approvals:item_detail", args=[new.pk])).content.decode()
    assert "待确认：系统升级时默认为行政许可" in detail
    response = c.post(
        reverse("approvals:item_edit", args=[new.pk]),
        edit_post(new, **{"m-TOTAL_FORMS": new.materials.count()}),
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.legal_nature_confirmed
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(new.pk)).get()
    assert event.changes["legal_nature_confirmed"] == [False, True]
    assert 'data-unconfirmed="1"' in c.get(reverse("approvals:item_list")).content.decode()
