"""The internal competition as the teams read it: the counting rules that stop double counting (a project once,
at its first signing; a capital increase by its increment; local investors and excluded kinds left out), the
zone's switches for them, and the figures, ranks and scores the leaderboard and the figures page show."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.investment import selectors
from devzone.investment import services as svc
from devzone.investment.models import InvestmentSettings
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead
from devzone.testing.investment import sign_contract as sign

pytestmark = pytest.mark.django_db
D = dt.timedelta
YEAR = dict(period="year", anchor=TODAY)


def lead(officer, team, n, **kw):
    return new_lead(officer, team, name=f"计数{n}食品有限公司", credit_code=f.credit_code_for(9000 + n), **kw)


def rules(zone_id, **kw):
    svc.settings_for(zone_id)
    InvestmentSettings.objects.filter(zone_id=zone_id).update(**kw)


def board(zone_id, by="team"):
    return {r.label: r for r in selectors.leaderboard(zone_id=zone_id, by=by, **YEAR)["rows"]}


def totals(zone_id):
    return selectors.figures(zone_id=zone_id, start=dt.date(TODAY.year, 1, 1), end=TODAY)["totals"]


def test_a_project_counts_once_at_its_first_signing_with_the_binding_amount(officer, team_a):
    """A framework agreement of 1.5 亿 in one month, the formal contract of 1.8 亿 the next: one project,
    counted in the framework's month, with the contract's 18,000 万元 (the framework's amount is not binding)."""
    x = lead(officer, team_a, 1)
    framework_on = TODAY.replace(day=1) - D(1)  # the last day of the previous month
    first = sign(officer, x, "15000", signed_on=framework_on)
    x.refresh_from_db()
    again = sign(officer, x, "18000", project=first.project, project_name="正式合同", signed_on=TODAY)
    first.refresh_from_db()
    assert (first.counts_as_project, first.counted_investment) == (True, Decimal("18000"))
    assert (again.counts_as_project, again.counted_investment) == (False, Decimal("0"))
    assert "金额以本合同为准" in again.excluded_reason and again.project_id == first.project_id
    first.project.refresh_from_db()
    assert first.project.total_investment == Decimal("18000")
    month_of_framework = selectors.figures(
        zone_id=team_a.zone_id, start=framework_on.replace(day=1), end=framework_on
    )["totals"]
    assert (month_of_framework["signed"], month_of_framework["investment"]) == (1, Decimal("18000"))
    this_month = selectors.figures(zone_id=team_a.zone_id, start=TODAY.replace(day=1), end=TODAY)["totals"]
    assert (this_month["signed"], this_month["investment"]) == (0, Decimal("0"))


def test_an_increase_on_a_project_without_an_earlier_contract_is_only_an_increase(officer, team_a):
    """docs/investment.md: an increase counts its increment, never as a signing or a new 亿元 project."""
    x = lead(officer, team_a, 7)
    firm = f.EnterpriseFactory(zone=team_a.zone, credit_code=x.credit_code)
    project = f.ProjectFactory(zone=team_a.zone, enterprise=firm)
    x.enterprise = project.enterprise
    x.save()
    inc = sign(officer, x, "12000", kind="increase", project=project, project_name="增资", credit_code="")
    assert (inc.counts_as_project, inc.counted_investment) == (False, Decimal("12000"))
    t = totals(team_a.zone_id)
    assert (t["signed"], t["over_1_yi"]) == (0, 0) and t["investment"] == Decimal("12000")


def test_a_capital_increase_counts_only_the_increment(officer, team_a):
    x = lead(officer, team_a, 2)
    first = sign(officer, x, "8000")
    x.refresh_from_db()
    inc = sign(officer, x, "30000", kind="increase", project=first.project, project_name="二期增资")
    assert (inc.counts_as_project, inc.counted_investment) == (False, Decimal("30000"))
    first.project.refresh_from_db()
    assert first.project.total_investment == Decimal("38000")
    t = totals(team_a.zone_id)
    # one project, 8,000 + 30,000 万元; the increase alone is over 1 亿 but adds no 亿元 project
    assert (t["signed"], t["investment"], t["over_1_yi"]) == (1, Decimal("38000"), 0)


def test_a_zone_may_count_the_whole_total_of_an_increase_and_every_signing(officer, team_a):
    rules(team_a.zone_id, increase_counts_increment=False, count_first_signing_only=False)
    x = lead(officer, team_a, 3)
    first = sign(officer, x, "8000")
    x.refresh_from_db()
    inc = sign(officer, x, "2000", kind="increase", project=first.project, project_name="增资")
    again = sign(officer, x, "5000", project=first.project, project_name="再签")
    assert inc.counted_investment == Decimal("10000")  # the whole new total
    assert (again.counts_as_project, again.counted_investment) == (True, Decimal("5000"))
    assert totals(team_a.zone_id)["signed"] == 2


def test_local_investors_and_excluded_kinds_count_nothing_but_are_listed_with_the_reason(
    client_for, officer, team_a, zone_a_leader
):
    local = lead(officer, team_a, 4, is_local=True)
    estate = lead(officer, team_a, 5, industry="70")
    counted = lead(officer, team_a, 6)
    a = sign(officer, local, "200000")
    b = sign(officer, estate, "500000")
    sign(officer, counted, "12000")
    assert (a.counts_as_project, a.counted_investment, a.excluded_reason) == (False, 0, "本地投资者")
    assert (b.counts_as_project, b.counted_investment, b.excluded_reason) == (False, 0, "不计入的行业")
    t = totals(team_a.zone_id)
    assert (t["signed"], t["investment"], t["over_1_yi"], t["over_10_yi"]) == (1, Decimal("12000"), 1, 0)
    html = client_for(zone_a_leader).get(reverse("investment:contract_list")).content.decode()
    assert "本地投资者" in html and "不计入的行业" in html
    rules(team_a.zone_id, excluded_industries=["C"])
    other = lead(officer, team_a, 7)
    assert sign(officer, other, "100").excluded_reason == "不计入的行业"  # the zone's own list, by section


def test_scores_ranks_conversion_and_landed_ratio_per_team_and_officer(officer, officer2, team_a, team_a2):
    from devzone.core.models import Staff
    from devzone.projects.hooks import milestone_reached

    me, other = Staff.objects.get(profile__user=officer), Staff.objects.get(profile__user=officer2)
    a1, a2 = lead(officer, team_a, 8, owner=me), lead(officer, team_a, 9, owner=me)
    lead(officer, team_a, 10)
    lead(officer, team_a, 11)  # four leads in team A, two of them signed
    b1 = lead(officer2, team_a2, 12, owner=other)
    ca = sign(officer, a1, "150000", groundbreaking_due=TODAY + D(30))
    sign(officer, a2, "5000")
    sign(officer2, b1, "20000")
    milestone_reached(project=ca.project, code="groundbreaking", on=TODAY, actor=officer)
    rows = board(team_a.zone_id)
    a, b = rows["长三角小分队"], rows["珠三角小分队"]
    assert (a.values["signed"], a.values["over_10_yi"], a.values["on_time"]) == (2, 1, 1)
    assert a.values["conversion"] == Decimal("0.5") and b.values["conversion"] == Decimal("1")
    assert a.values["landed"] == Decimal("0.5") and b.values["landed"] == 0
    # efficacy coefficient: the best of two scores 100 on an indicator, the other 60
    assert a.scores["investment"] == Decimal("100.00") and b.scores["investment"] == Decimal("60.00")
    assert b.scores["conversion"] == Decimal("100.00") and a.scores["conversion"] == Decimal("60.00")
    assert (a.rank, b.rank) == (1, 2) and a.total > b.total
    officers = board(team_a.zone_id, by="officer")
    assert (
        officers["officer_a职员"].values["signed"] == 2 and officers["officer_a2职员"].values["signed"] == 1
    )


def test_a_lead_registered_last_year_and_signed_this_year_converts(officer, team_a):
    old = new_lead(
        officer, team_a, name="去年食品有限公司", credit_code=f.credit_code_for(9100), on=dt.date(2025, 10, 1)
    )
    sign(officer, old, "1000")
    assert board(team_a.zone_id)["长三角小分队"].values["conversion"] == Decimal("1")


def test_an_empty_zone_shows_every_team_with_nothing_and_equal_scores(
    team_a, team_a2, zone_a_leader, client_for
):
    rows = board(team_a.zone_id)
    assert {r.values["signed"] for r in rows.values()} == {0}
    assert {r.total for r in rows.values()} == {Decimal("100.00")} and {r.rank for r in rows.values()} == {1}
    r = client_for(zone_a_leader).get(reverse("investment:leaderboard"))
    assert r.status_code == 200 and "长三角小分队" in r.content.decode()


def test_the_leader_sets_the_rules_in_chinese_fields_and_others_only_read_them(
    client_for, officer, team_a, zone_a_leader
):
    data = {
        "big_lead_wan": "20000",
        "owner_within": "2",
        "assessment_within": "4",
        "referrer_within": "5",
        "report_every": "10",
        "default_capacity": "40",
        "stale_unaware": "",
        "stale_aware": "25",
        "stale_attentive": "20",
        "stale_invited": "15",
        "stale_negotiating": "20",
        "count_first_signing_only": "on",
        "exclude_local": "on",
        "excluded": ["K", "70"],
        **{f"weight_{k}": "10" for k in selectors.INDICATORS},
        "weight_investment": "40",
    }
    r = client_for(zone_a_leader).post(reverse("investment:settings"), data, follow=True)
    assert "已保存" in r.content.decode()
    row = InvestmentSettings.objects.get(zone_id=team_a.zone_id)
    assert row.stale_limits == {"aware": 25, "attentive": 20, "invited": 15, "negotiating": 20}
    assert row.weights["investment"] == 40 and row.weights["signed"] == 10
    assert row.excluded_industries == ["70", "K"] and not row.increase_counts_increment
    assert selectors.leaderboard(zone_id=team_a.zone_id, **YEAR)["weights"]["investment"] == 40
    c = client_for(officer)
    html = c.get(reverse("investment:settings")).content.decode()
    assert "disabled" in html and "规则由管委会领导设定" in html
    assert c.post(reverse("investment:settings"), data).status_code == 403
