"""The single window before any upload: each project's code state in the picker, the clerk stopped at the
first step when 受理 would refuse the project, what 受理 will ask for shown up front, 经办人 from the applicant
enterprise (not the clerk), the chosen reviewer kept after a refused 受理, and 情形引导 from the catalog's data."""

from __future__ import annotations

import re

import pytest

from devzone.approvals import guide
from devzone.approvals.choices import Stage, Status
from devzone.approvals.demo_catalog import NEW_FACTORY, SITUATIONS, load_catalog
from devzone.approvals.models import ApprovalItem
from devzone.testing import factories as f
from devzone.testing.approvals import ItemFactory, submit
from devzone.testing.clients import make_client

pytestmark = pytest.mark.django_db


# --- 情形引导, the plain module -------------------------------------------------------------------------
class Row:
    def __init__(self, pk, situations):
        self.pk, self.situations = pk, situations


def test_it_reads_the_situations_an_item_names():
    assert guide.situation_names(" 新建厂房、改扩建，新建厂房;; 技术改造 ") == [
        "新建厂房",
        "改扩建",
        "技术改造",
    ]
    assert guide.situation_names("") == guide.situation_names(None) == []


def test_it_keeps_each_situations_items_in_the_order_given():
    rows = [Row(1, "新建厂房"), Row(2, "技术改造、新建厂房"), Row(3, ""), Row(4, "新建厂房")]
    found = guide.situations(rows)
    assert [(s.name, s.ids) for s in found] == [("新建厂房", "1 2 4"), ("技术改造", "2")]


def test_it_puts_an_item_after_its_prerequisites_within_a_stage():
    a, b, c = Row(1, "x"), Row(2, "x"), Row(3, "x")
    requires = {1: [3], 2: [], 3: []}
    found = guide.situations([a, b, c], lambda i: requires[i.pk])
    assert found[0].ids == "2 3 1"


# --- the pages ----------------------------------------------------------------------------------------
def _choose(client, project, items):
    return client.get("/approvals/intakes/new/", {"project": project.pk, "items": [i.pk for i in items]})


def test_the_picker_shows_each_projects_code_and_stops_the_clerk_before_any_upload(zone_a, clerk, item):
    coded = f.ProjectFactory(zone=zone_a, name="有代码项目")
    uncoded = f.ProjectFactory(zone=zone_a, name="无代码项目", project_code="")
    client = make_client(clerk)

    page = client.get("/approvals/intakes/new/").content.decode()
    assert f"有代码项目（项目代码 {coded.project_code}）" in page
    assert "无代码项目（无有效项目代码，不能受理）" in page
    assert "窗口受理的条件" in page  # the refusal reasons, listed before anything is chosen

    refused = _choose(client, uncoded, [item]).content.decode()
    assert "尚无有效的投资项目代码，窗口不能受理" in refused
    assert 'type="file"' not in refused  # still the first step: nothing to upload yet
    assert 'type="file"' in _choose(client, coded, [item]).content.decode()


def test_the_enterprise_is_told_before_it_uploads(zone_a, project_a, company_user, item):
    project_a.project_code = ""
    project_a.save()
    page = _choose(make_client(company_user), project_a, [item]).content.decode()
    assert 'data-preview="refusals"' in page and "尚无有效的投资项目代码" in page
    assert 'type="file"' in page  # it may still submit: the window answers within the legal time


def test_the_applicant_is_the_enterprises_contact_not_the_clerk(zone_a, clerk, item):
    enterprise = f.EnterpriseFactory(zone=zone_a, contact_name="钱联系", contact_phone="0531-1234567")
    project = f.ProjectFactory(zone=zone_a, enterprise=enterprise)
    page = _choose(make_client(clerk), project, [item]).content.decode()
    assert re.search(r'name="applicant_name"[^>]*value="钱联系"', page)
    assert "窗口甲" not in re.search(r'<input[^>]*name="applicant_name"[^>]*>', page).group(0)


def test_an_item_waiting_for_its_prerequisite_is_said_up_front(zone_a, clerk, project_a, item):
    later = ItemFactory(zone=zone_a, name="后置事项")
    later.prerequisites.set([item])
    page = _choose(make_client(clerk), project_a, [later]).content.decode()
    assert 'data-preview="waiting"' in page and f"前置：{item}" in page


def test_the_chosen_reviewer_is_kept_after_a_refused_accept(
    zone_a, clerk, reviewer, company_user, project_a, item
):
    app = submit(company_user, project_a, [item], with_files=False).applications.get()
    client = make_client(clerk)
    intake_page = app.intake.get_absolute_url()

    before = client.get(intake_page).content.decode()
    assert "现在不能受理" in before and "缺少必需材料" in before  # said before the clerk tries

    answer = client.post(
        f"/approvals/applications/{app.pk}/accept/",
        {"version": app.version, "reviewer": reviewer.pk, "next": intake_page},
        follow=True,
    )
    page = answer.content.decode()
    assert "缺少必需材料" in page
    assert re.search(rf'<option value="{reviewer.pk}" selected>', page)  # still chosen
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    # Kept once: the next visit starts from the current state again.
    assert not re.search(
        rf'<option value="{reviewer.pk}" selected>', client.get(intake_page).content.decode()
    )


def test_situations_come_from_the_catalog_in_stage_order(zone_a, clerk):
    load_catalog(zone_a)
    page = make_client(clerk).get("/approvals/intakes/new/").content.decode()
    option = re.search(rf'data-items="([\d ]+)">{re.escape(NEW_FACTORY)}', page)
    assert option, "the situation is offered"
    ids = [int(i) for i in option.group(1).split()]
    items = ApprovalItem.objects.in_bulk(ids)
    assert {items[i].code for i in ids} == set(SITUATIONS[NEW_FACTORY])
    order = list(Stage.values)
    stages = [order.index(items[i].stage) for i in ids]
    assert stages == sorted(stages)  # 立项用地规划 first, 竣工验收 last
    assert items[ids[0]].stage == Stage.LAND_PLANNING and items[ids[-1]].code == "ZJ-013"  # 竣工验收备案 last
    for n, pk in enumerate(ids):  # each after its prerequisites
        assert {p.pk for p in items[pk].prerequisites.all()} & set(ids) <= set(ids[:n])


def test_the_intake_number_is_quoted_only_once_something_is_accepted(
    zone_a, clerk, reviewer, company_user, project_a, item
):
    from devzone.approvals.services import applications as svc

    intake = submit(company_user, project_a, [item])
    company = make_client(company_user)
    listed = company.get("/approvals/intakes/").content.decode()
    assert intake.number not in listed and "待受理" in listed
    assert intake.number not in company.get(intake.get_absolute_url()).content.decode()

    svc.application_accept(actor=clerk, application=intake.applications.get(), reviewer=reviewer)
    assert intake.number in company.get("/approvals/intakes/").content.decode()
    assert "data-intake-number" in company.get(intake.get_absolute_url()).content.decode()
