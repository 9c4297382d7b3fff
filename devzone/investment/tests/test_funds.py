"""到位资金 (funds arrived) as the teams and the leaders read it: the leaderboard's funds indicator follows the
counting rules (a contract that counts nothing adds no funds), a figure far above the contract — 元 typed
for 万元 — is refused with the contract's amount named, and the money of one project is recorded once, whichever
of its contracts records it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from devzone.core.errors import DomainError
from devzone.investment import selectors
from devzone.investment import services as svc
from devzone.investment.models import Contract
from devzone.investment.services.contracts import project_funds
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead
from devzone.testing.investment import sign_contract as sign

pytestmark = pytest.mark.django_db
API = "/api/v1/investment"


def lead(officer, team, n, **kw):
    return new_lead(officer, team, name=f"资金{n}食品有限公司", credit_code=f.credit_code_for(7700 + n), **kw)


def board(zone_id, by="team"):
    return {
        r.label: r for r in selectors.leaderboard(zone_id=zone_id, by=by, period="year", anchor=TODAY)["rows"]
    }


def funds(actor, contract, amount):
    return svc.contract_record_funds(actor=actor, contract=contract, funds_arrived=Decimal(amount))


def framework(officer, x, amount, arrived=None, **kw):
    """A framework agreement for lead ``x``, signed 20 days ago, recording ``arrived`` 万元 of funds if given."""
    c = sign(officer, x, amount, signed_on=TODAY - dt.timedelta(days=20), **kw)
    if arrived is not None:
        funds(officer, c, arrived)
    return c


def on_same_project(officer, x, first, amount, project_name="正式合同", **kw):
    """Lead ``x`` (read again) signs ``amount`` 万元 on the project of its contract ``first``: by default the
    formal contract after the framework agreement."""
    x.refresh_from_db()
    return sign(officer, x, amount, project=first.project, project_name=project_name, **kw)


def refused_on_page_and_api(client, contract, amount: str) -> tuple[str, str]:
    """The funds ``amount`` posted on the contract's page and to the API: the page it shows back, and the API's
    400 body as text (the API must refuse it)."""
    page = client.post(
        reverse("investment:contract_funds", args=[contract.pk]), {"funds_arrived": amount}, follow=True
    ).content.decode()
    r = client.post(
        f"{API}/contracts/{contract.pk}/funds",
        json.dumps({"funds_arrived": amount}),
        content_type="application/json",
    )
    assert r.status_code == 400
    return page, json.dumps(r.json(), ensure_ascii=False)


def test_funds_of_a_local_investor_do_not_count_on_the_leaderboard(officer, officer2, team_a, team_a2):
    """Review G: local investors count nothing (counting rules, ``exclude_local``): their contract adds no
    project and no investment — nor its 到位资金 to the funds indicator, the team's score and its rank."""
    local = lead(officer, team_a, 1, is_local=True)
    c = sign(officer, local, "50000")
    assert (c.counts_as_project, c.counted_investment) == (False, Decimal("0"))
    funds(officer, c, "30000")
    other = lead(officer2, team_a2, 2)
    sign(officer2, other, "100")
    rows = board(team_a.zone_id)
    assert rows[team_a.name].values["funds"] == Decimal("0")
    assert rows[team_a2.name].rank == 1


def test_funds_count_as_the_investment_does_on_every_door(
    client_for, officer, officer2, team_a, team_a2, zone_a_leader
):
    """Funds follow the counting rules: those of a real-estate firm (an excluded kind) and of a local investor
    count nothing; those of a counted project — its first signing, the formal contract after the framework
    agreement, a capital increase — count. The same figure on the page, the API and the Excel export, per team
    and per officer."""
    from devzone.core.models import Staff

    me = Staff.objects.get(profile__user=officer)
    estate = lead(officer, team_a, 3, industry="70", owner=me)
    local = lead(officer, team_a, 4, is_local=True, owner=me)
    counted = lead(officer, team_a, 5, owner=me)
    funds(officer, sign(officer, estate, "90000"), "80000")
    funds(officer, sign(officer, local, "90000"), "70000")
    first = framework(officer, counted, "15000", "1000")
    funds(officer, on_same_project(officer, counted, first, "18000"), "6000")
    increase = on_same_project(officer, counted, first, "5000", "增资", kind="increase")
    funds(officer, increase, "2000")
    sign(officer2, lead(officer2, team_a2, 6), "4000")
    funds(officer2, Contract.objects.get(team=team_a2), "3500")

    rows = board(team_a.zone_id)
    assert rows[team_a.name].values["funds"] == Decimal("9000")  # 1,000 + 6,000 + 2,000: not 80,000 or 70,000
    assert rows[team_a2.name].values["funds"] == Decimal("3500")
    assert board(team_a.zone_id, by="officer")[me.name].values["funds"] == Decimal("9000")

    c = client_for(zone_a_leader)
    query = f"?period=year&on={TODAY:%Y-%m-%d}"
    api = c.get(f"{API}/leaderboard{query}").json()["rows"]
    assert {r["label"]: Decimal(r["values"]["funds"]) for r in api} == {
        team_a.name: Decimal("9000"),
        team_a2.name: Decimal("3500"),
    }
    page = c.get(reverse("investment:leaderboard") + query).content.decode()
    assert "data-funds>9,000万元<" in page and "data-funds>3,500万元<" in page  # as money reads everywhere
    sheet = load_workbook(BytesIO(c.get(reverse("investment:leaderboard_export") + query).content)).active
    header, *lines = list(sheet.iter_rows(values_only=True))
    at = header.index("到位资金")
    assert {line[1]: line[at] for line in lines} == {team_a.name: 9000, team_a2.name: 3500}


def test_funds_above_the_contract_are_refused_naming_its_amount(officer, team_a):
    """到位资金 is in 万元: a figure above the contract's investment (with the increases signed on the same
    project) is a slip of the unit (元 typed for 万元) and is refused, naming the amount; up to it is fine."""
    x = lead(officer, team_a, 7)
    c = sign(officer, x, "3000")
    with pytest.raises(DomainError) as e:
        funds(officer, c, "30000000")  # 3,000 万元 typed in 元
    assert "3,000万元" in e.value.message and "funds_arrived" in e.value.errors
    c.refresh_from_db()
    assert c.funds_arrived == 0
    assert funds(officer, c, "3000").funds_arrived == Decimal("3000")  # all of it arrived
    on_same_project(officer, x, c, "500", "二期增资", kind="increase")
    assert funds(officer, c, "3500").funds_arrived == Decimal("3500")  # the increase's money too
    with pytest.raises(DomainError) as e:
        funds(officer, c, "3500.01")
    assert all(a in e.value.message for a in ("3,000万元", "500万元", "3,500万元"))
    c.refresh_from_db()
    assert c.funds_arrived == Decimal("3500")


def test_funds_above_the_contract_are_refused_on_the_page_and_the_api(client_for, officer, team_a):
    c = client_for(officer)
    con = sign(officer, lead(officer, team_a, 8), "800")
    page, api = refused_on_page_and_api(c, con, "8000000")
    assert "合同投资额（800万元）" in page
    assert "800万元" in api
    con.refresh_from_db()
    assert con.funds_arrived == 0


def test_one_projects_money_is_recorded_once_across_its_framework_agreement_and_formal_contract(
    client_for, officer, team_a, zone_a_leader
):
    """Review (大招商, 到位资金 counted twice): the ceiling was checked per contract, so the framework agreement
    (10,000万) and the formal contract of the same project could each record 10,000万 arrived, and the leaderboard
    and the figures showed 20,000万 of funds for a project of 10,000万. The project's contracts together record at
    most its total investment; the refusal names what is recorded already and what is left."""
    x = lead(officer, team_a, 11)
    first = framework(officer, x, "10000", "10000", project_name="双计框架协议")
    formal = on_same_project(officer, x, first, "10000", "双计正式合同")
    with pytest.raises(DomainError) as e:
        funds(officer, formal, "10000")
    message = e.value.message
    assert "funds_arrived" in e.value.errors
    assert "同一笔资金只能记录一次" in message and "“双计框架协议”" in message
    assert "已记录到位资金1亿元" in message and "最多还可记录0万元" in message, message
    formal.refresh_from_db()
    assert formal.funds_arrived == 0
    project = first.project
    project.refresh_from_db()
    assert project.total_investment == Decimal("10000")
    assert board(team_a.zone_id)[team_a.name].values["funds"] == Decimal("10000")
    figures = selectors.figures(zone_id=team_a.zone_id, start=dt.date(TODAY.year, 1, 1), end=TODAY)
    assert figures["totals"]["funds"] == Decimal("10000")

    # the money split between the two contracts is fine, up to the project's investment and not a 万 more
    funds(officer, first, "6000")
    assert funds(officer, formal, "4000").funds_arrived == Decimal("4000")
    with pytest.raises(DomainError) as e:
        funds(officer, formal, "4000.01")
    assert "最多还可记录4,000万元" in e.value.message
    assert board(team_a.zone_id)[team_a.name].values["funds"] == Decimal("10000")

    # the page and the API refuse alike; the contract's page says beforehand what the others record
    c = client_for(officer)
    page, api = refused_on_page_and_api(c, formal, "10000")
    assert "同一笔资金只能记录一次" in page and "同一笔资金只能记录一次" in api
    page = c.get(formal.get_absolute_url()).content.decode()
    assert "同一项目的其他合同已记录到位资金6,000万元" in page and "本合同最多可记录4,000万元" in page
    formal.refresh_from_db()
    assert formal.funds_arrived == Decimal("4000")


def test_funds_recorded_twice_before_the_fix_can_be_lowered_but_not_raised(officer, team_a):
    """A project whose contracts already record more than its investment (written before the project-wide
    ceiling): a lower figure on either contract is accepted — it corrects and adds nothing —, a higher one is
    refused."""
    x = lead(officer, team_a, 12)
    first = framework(officer, x, "10000")
    formal = on_same_project(officer, x, first, "10000")
    Contract.objects.filter(pk__in=[first.pk, formal.pk]).update(funds_arrived=Decimal("10000"))
    formal.refresh_from_db()
    assert funds(officer, formal, "8000").funds_arrived == Decimal("8000")
    with pytest.raises(DomainError):
        funds(officer, formal, "9000")
    assert funds(officer, formal, "0").funds_arrived == 0


def test_a_lower_formal_contract_caps_the_funds_its_framework_agreement_recorded(officer, team_a):
    """Review (大招商, the binding figure): a framework agreement of 15,000万 recorded 15,000万 arrived; the formal
    contract of the same project then binds 12,000万. The project's total became 12,000万, but the framework
    agreement kept its 15,000万 of funds, and the leaderboard and the figures showed 15,000万 arrived on a project
    of 12,000万. The formal contract's figure is the one in force: the funds the project's contracts record are
    capped at it (audited, and said on the lead's timeline), and a later recording cannot raise them above it."""
    x = lead(officer, team_a, 13)
    first = framework(officer, x, "15000", "15000", project_name="降额框架协议")
    formal = on_same_project(officer, x, first, "12000", "降额正式合同")

    first.refresh_from_db()
    project = first.project
    project.refresh_from_db()
    assert project.total_investment == Decimal("12000")
    assert first.funds_arrived == Decimal("12000")  # not the 15,000 written against the old amount
    rows = board(team_a.zone_id)
    assert rows[team_a.name].values["investment"] == Decimal("12000")
    assert rows[team_a.name].values["funds"] == Decimal("12000")
    figures = selectors.figures(zone_id=team_a.zone_id, start=dt.date(TODAY.year, 1, 1), end=TODAY)
    assert (figures["totals"]["investment"], figures["totals"]["funds"]) == (
        Decimal("12000"),
        Decimal("12000"),
    )
    assert project_funds(formal).room == 0
    with pytest.raises(DomainError):
        funds(officer, formal, "1")

    from devzone.core.models import AuditEvent

    capped = AuditEvent.objects.get(object_id=str(first.pk), note__contains="到位资金不超过项目总投资")
    assert capped.changes["funds_arrived"] == ["15000.00", "12000.00"], capped.changes
    assert x.logs.filter(text__contains="“降额框架协议”记录的到位资金调整为1.2亿元").exists()


def test_a_lower_formal_contract_leaves_the_increases_funds_and_takes_the_excess_off_the_framework(
    officer, team_a
):
    """Framework 15,000 (15,000 arrived), increase 3,000 (2,000 arrived), formal contract 10,000: the project
    holds 13,000, so 4,000 come off the superseded framework agreement (11,000) and the increase keeps its own.
    A formal contract for more changes no recorded figure."""
    x = lead(officer, team_a, 14)
    first = framework(officer, x, "15000", "15000")
    increase = on_same_project(
        officer, x, first, "3000", "增资", kind="increase", signed_on=TODAY - dt.timedelta(days=10)
    )
    funds(officer, increase, "2000")
    on_same_project(officer, x, first, "10000")
    first.refresh_from_db()
    increase.refresh_from_db()
    assert (first.funds_arrived, increase.funds_arrived) == (Decimal("11000"), Decimal("2000"))
    assert board(team_a.zone_id)[team_a.name].values["funds"] == Decimal("13000")

    y = lead(officer, team_a, 15)
    first = framework(officer, y, "8000", "8000")
    on_same_project(officer, y, first, "9000")
    first.refresh_from_db()
    assert first.funds_arrived == Decimal("8000")
