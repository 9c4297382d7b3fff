"""What the 大招商 tests share besides their fixtures: the frozen "today", an officer of a team (a staff
member with an account) and a lead registered through the service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from devzone.core.choices import Role
from devzone.testing import factories as f

# A day in an officially scheduled year (chinesecalendar knows 2026): tests pass dates, and "today"
# (``timezone.localdate()``) is frozen to it.
TODAY = dt.date(2026, 11, 20)


def freeze_today(monkeypatch, today: dt.date = TODAY) -> None:
    """``django.utils.timezone.localdate()`` answers ``today``; with an argument it converts as usual."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return today if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def officer_of(team, username: str):
    """A new investment officer, member of ``team`` (capacity 5)."""
    from devzone.investment.models import TeamMember

    staff = f.StaffFactory(zone=team.zone, name=f"{username}职员")
    TeamMember.objects.create(zone=team.zone, team=team, staff=staff, capacity=5)
    return f.user_with_role(Role.INVESTMENT_OFFICER, zone=team.zone, staff=staff, user__username=username)


def new_lead(actor, team, name: str = "山东示例食品有限公司", industry: str = "14", **kw):
    """A lead registered by ``actor`` in ``team`` through the service (a month before TODAY by default)."""
    from devzone.core.models import Industry
    from devzone.investment import services as svc

    kw.setdefault("source", "door_to_door")
    kw.setdefault("on", TODAY - dt.timedelta(days=30))
    return svc.lead_create(
        actor=actor,
        zone_id=team.zone_id,
        team=team,
        company_name=name,
        industry=Industry.objects.get(pk=industry),
        **kw,
    )


def lead_form(team, company_name: str = "甲食品有限公司", **change) -> dict:
    """The lead form of a firm of industry 14 met at a fair, for ``team``, at the stage ``aware``; ``change``
    adds or replaces fields."""
    return {
        "company_name": company_name,
        "industry": "14",
        "source": "fair",
        "team": team.pk,
        "stage": "aware",
        **change,
    }


def import_report(response) -> dict[int, list[str]]:
    """The problems an import page reports on its file field, by Excel row (``core.ledger.RowReport``'s lines
    "第3行：…")."""
    import re

    report: dict[int, list[str]] = {}
    for line in response.context["form"].errors.get("file", []):
        m = re.match(r"第(\d+)行：(.*)", str(line))
        if m:
            report.setdefault(int(m.group(1)), []).append(m.group(2))
    return report


def sign_contract(actor, lead, amount, **kw):
    """A contract signed through the service for ``lead``, ``amount`` 万元: yesterday, named after the firm, not
    handed over to the key-project desk, unless ``kw`` says otherwise."""
    from decimal import Decimal

    from devzone.investment import services

    kw.setdefault("signed_on", TODAY - dt.timedelta(days=1))
    kw.setdefault("reason", "测试")
    kw.setdefault("project_name", f"{lead.company_name}项目")
    kw.setdefault("handover", False)
    return services.contract_sign(actor=actor, lead=lead, contract_investment=Decimal(amount), **kw)


def yangtze_team(zone):
    """The zone's 长三角 team, stationed in 上海 (the team the officers of the tests work in)."""
    from devzone.investment.models import InvestmentTeam

    return InvestmentTeam.objects.create(zone=zone, name="长三角小分队", region="长三角", station_city="上海")


def pearl_team(zone):
    """The zone's second team, 珠三角, stationed in 深圳 and listed after the first."""
    from devzone.investment.models import InvestmentTeam

    return InvestmentTeam.objects.create(
        zone=zone, name="珠三角小分队", region="珠三角", station_city="深圳", order=1
    )


def browser_team():
    """The browser tests' zone (济北, leading industries 14 and 34), committed, and its 长三角 team."""
    from devzone.testing import browser

    zone = browser.jibei_zone()
    zone.leading_industries.set(["14", "34"])
    return yangtze_team(zone)


@pytest.fixture(name="_today")
def real_today():
    """The browser works on the real day (the other tests freeze the services' day): a browser test module
    imports this to replace the package's autouse ``_today``."""


def post_and_read_messages(client, url: str, data: dict, row=None) -> list[str]:
    """POST ``data`` to the page ``url`` with ``client``: the page redirects (a refusal would show the form), and
    the messages it leaves are returned as texts; ``row``, when given, is read again from the database."""
    from django.contrib.messages import get_messages

    resp = client.post(url, data)
    assert resp.status_code == 302, resp.content.decode()[:500]
    if row is not None:
        row.refresh_from_db()
    return [str(m) for m in get_messages(resp.wsgi_request)]
