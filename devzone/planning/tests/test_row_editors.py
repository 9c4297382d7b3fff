"""The row editors of a plan's annual tasks and a scheme's indicators (Django formsets, one small form a row): rows
saved and read back, blank rows left out, a row removed with 删除, the edit page filled with the rows saved, and
a wrong row refused on its own field, in the reader's language, with nothing saved. The services get the same
plain dicts as the API hands them, and their refusals land on the row they name."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.planning import forms, services
from devzone.planning.models import IndustryPlan, Scheme
from devzone.planning.tests import formsets
from devzone.testing.planning import plan_of

pytestmark = pytest.mark.django_db
PLAN = {"start_year": "2026", "end_year": "2028", "industries": "26 38", "chain_note": ""}
OUTPUT = {"year": "2026", "metric": "output", "target": "120000", "owner": "经济发展部", "done": "30000.50"}
FIRMS = {"year": "2027", "metric": "firms", "target": "12", "owner": "企业服务部", "done": ""}
BLANK = {"year": "", "metric": "", "target": "", "owner": "", "done": ""}
SCHEME = {
    "year": "2026",
    "category": "provincial",
    "name": "省级开发区考核",
    "full_pool_yuan": "10000",
    "basis": "",
}
SIGNED = {"name": "招商签约项目", "weight": "40", "target": "10", "source": "contracts"}
TAX = {"name": "亩均税收", "weight": "60", "target": "30", "source": "entered"}


def saved_targets(zone):
    plan = IndustryPlan.objects.get(zone=zone)
    return [(t.year, t.metric, t.target, t.owner, t.done) for t in plan.targets.order_by("year", "metric")]


@pytest.fixture
def officer(city_officer, client_for):
    return client_for(city_officer)


def test_a_plan_saved_with_two_rows_is_read_back_and_its_page_opens_with_them(officer, zone_a):
    """Two rows with a blank one between them and the spare blank rows after: the two are saved (已完成 left
    empty is 0), and the edit page opens with them filled in, plus spare blank rows."""
    url = reverse("planning:plan_edit", args=[zone_a.pk])
    r = officer.post(url, {**PLAN, **formsets.targets([OUTPUT, BLANK, FIRMS])})
    assert r.status_code == 302, r.context["rows"].errors if r.context else r
    assert saved_targets(zone_a) == [
        (2026, "output", Decimal("120000.00"), "经济发展部", Decimal("30000.50")),
        (2027, "firms", Decimal("12.00"), "企业服务部", Decimal("0.00")),
    ]
    page = officer.get(url)
    assert formsets.opened_rows(page, "targets") == [
        {
            "year": 2026,
            "metric": "output",
            "target": Decimal("120000.00"),
            "done": Decimal("30000.50"),
            "owner": "经济发展部",
        },
        {
            "year": 2027,
            "metric": "firms",
            "target": Decimal("12.00"),
            "done": Decimal("0.00"),
            "owner": "企业服务部",
        },
    ]
    rows = page.context["rows"]
    assert rows.total_form_count() == 4  # two spare blank rows for adding without JavaScript
    html = page.content.decode()
    assert 'name="targets-1-owner" value="企业服务部"' in html
    assert '<option value="firms" selected>规上企业（家）</option>' in html
    assert 'name="targets-TOTAL_FORMS" value="4"' in html
    assert "<template data-row-template>" in html and 'name="targets-__prefix__-year"' in html
    assert "planning/rows.js" in html


def two_rows(city_officer, zone_a) -> IndustryPlan:
    """A plan of zone A with two annual tasks: output in 2026, firms in 2027."""
    return plan_of(city_officer, zone_a, targets=[dict(OUTPUT, year=2026), dict(FIRMS, year=2027)])


def test_a_row_removed_with_delete_is_gone_and_the_others_keep_their_quarters(officer, city_officer, zone_a):
    plan = two_rows(city_officer, zone_a)
    services.target_progress(
        actor=city_officer, target_id=plan.targets.get(metric="output").pk, quarter=1, done="40000"
    )
    url = reverse("planning:plan_edit", args=[zone_a.pk])
    opened = formsets.opened_rows(officer.get(url), "targets")
    assert [row["metric"] for row in opened] == ["output", "firms"]
    data = {**PLAN, "version": str(plan.version)}
    r = officer.post(url, {**data, **formsets.targets([opened[0], {**opened[1], "DELETE": True}], initial=2)})
    assert r.status_code == 302
    assert saved_targets(zone_a) == [
        (2026, "output", Decimal("120000.00"), "经济发展部", Decimal("40000.00"))
    ]
    assert IndustryPlan.objects.get(zone=zone_a).targets.get().q1 == Decimal("40000.00")


def test_a_row_emptied_is_dropped_like_a_blank_one(officer, city_officer, zone_a):
    plan = two_rows(city_officer, zone_a)
    url = reverse("planning:plan_edit", args=[zone_a.pk])
    r = officer.post(
        url, {**PLAN, "version": str(plan.version), **formsets.targets([BLANK, FIRMS], initial=2)}
    )
    assert r.status_code == 302
    assert [t[1] for t in saved_targets(zone_a)] == ["firms"]


def test_a_bad_number_on_row_three_is_refused_there_and_nothing_changes(officer, city_officer, zone_a):
    plan = plan_of(city_officer, zone_a, chain_note="链主招商", targets=[dict(OUTPUT, year=2026)])
    before = saved_targets(zone_a)
    url = reverse("planning:plan_edit", args=[zone_a.pk])
    tax = {"year": "2026", "metric": "tax", "target": "五千", "owner": "财政局", "done": ""}
    rows = [OUTPUT, FIRMS, tax]
    r = officer.post(
        url, {**PLAN, "chain_note": "改过的", "version": str(plan.version), **formsets.targets(rows)}
    )
    assert r.status_code == 200
    formset = r.context["rows"]
    assert [f.errors for f in formset.forms] == [{}, {}, {"target": ["请填写数字"]}, {}, {}]
    html = r.content.decode()
    row3 = html.split('data-testid="plan-row-3"')[1].split('data-testid="plan-row-4"')[0]
    assert "请填写数字" in row3 and "rows-invalid" in html.split('data-testid="plan-row-3"')[0][-200:]
    assert 'name="targets-2-target" value="五千"' in row3 and "is-invalid" in row3  # as typed, marked
    assert "年度任务有误，请按各行的提示修改" in html  # the form's head says where to look
    assert "改过的</textarea>" in html  # the rest of the form is kept as typed
    plan.refresh_from_db()
    assert (plan.chain_note, plan.version) == ("链主招商", 1)
    assert saved_targets(zone_a) == before


def test_row_errors_are_in_the_readers_language(officer, zone_a):
    officer.cookies["devzone_language"] = "en"
    bad = {"year": "2026", "metric": "output", "target": "lots", "owner": "", "done": "-1"}
    r = officer.post(reverse("planning:plan_edit", args=[zone_a.pk]), {**PLAN, **formsets.targets([bad])})
    assert r.status_code == 200
    assert r.context["rows"].forms[0].errors == {
        "target": ["Enter a number"],
        "done": ["Must be a number of 0 or more"],
    }
    assert not IndustryPlan.objects.filter(zone=zone_a).exists()


def test_a_row_outside_the_period_or_twice_is_refused_on_its_field(officer, zone_a):
    url = reverse("planning:plan_edit", args=[zone_a.pk])
    late = {**FIRMS, "year": "2031"}
    again = {**OUTPUT, "target": "1"}
    missing = {**FIRMS, "metric": "", "target": ""}
    r = officer.post(url, {**PLAN, **formsets.targets([OUTPUT, late, again, missing])})
    assert r.status_code == 200
    errors = [f.errors for f in r.context["rows"].forms[:4]]
    assert errors == [
        {},
        {"year": ["年度须在规划期内"]},
        {"metric": ["同一年度同一指标只能有一个目标"]},
        {"metric": ["这个字段是必填项。"], "target": ["这个字段是必填项。"]},
    ]
    assert not IndustryPlan.objects.exists()


def test_a_scheme_is_saved_from_its_rows_and_opens_with_them(officer):
    r = officer.post(reverse("planning:scheme_new"), {**SCHEME, **formsets.indicators([SIGNED, BLANK, TAX])})
    assert r.status_code == 302
    scheme = Scheme.objects.get()
    assert [(i.name, i.weight, i.target, i.source) for i in scheme.indicators.order_by("pk")] == [
        ("招商签约项目", Decimal("40.00"), Decimal("10.00"), "contracts"),
        ("亩均税收", Decimal("60.00"), Decimal("30.00"), "entered"),
    ]
    page = officer.get(reverse("planning:scheme_edit", args=[scheme.pk]))
    assert [row["name"] for row in formsets.opened_rows(page, "indicators")] == ["招商签约项目", "亩均税收"]
    assert '<option value="contracts" selected>招商签约项目数（平台计算）</option>' in page.content.decode()


def test_weights_not_adding_up_are_refused_above_the_rows_and_nothing_is_saved(officer):
    """The sum is the service's check (the API makes it too): its refusal of the list is shown above the rows."""
    r = officer.post(
        reverse("planning:scheme_new"), {**SCHEME, **formsets.indicators([SIGNED, {**TAX, "weight": "50"}])}
    )
    assert r.status_code == 200
    rows = r.context["rows"]
    assert list(rows.non_form_errors()) == ["各指标权重须大于0且合计为100%（现为90%）"]
    assert r.context["form"].non_field_errors() == ["考核指标有误，请按各行的提示修改"]
    assert 'data-testid="scheme-rows-errors"' in r.content.decode()
    assert not Scheme.objects.exists()


def test_a_services_refusal_of_a_row_lands_on_that_row_past_blank_and_deleted_ones():
    """The service numbers the rows it was given (``indicators.1``: the second row kept); the page's third row
    is that row when the first was deleted or left blank."""
    data = formsets.indicators([{**SIGNED, "DELETE": True}, SIGNED, BLANK, TAX])
    rows = forms.IndicatorRows(data, prefix="indicators")
    assert rows.is_valid(), rows.errors
    assert [r["name"] for r in rows.rows()] == ["招商签约项目", "亩均税收"]
    with pytest.raises(DomainError) as refused, rows.claiming():
        raise DomainError.of({"indicators.1": "未知的数据来源", "name": "名称有误"})
    assert refused.value.errors == {"__all__": ["考核指标有误，请按各行的提示修改"], "name": ["名称有误"]}
    assert [f.non_field_errors() for f in rows.forms[:4]] == [[], [], [], ["未知的数据来源"]]
