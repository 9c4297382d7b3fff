"""What the 大招商 tests share besides their fixtures: the frozen "today", an officer of a team (a staff
member with an account) and a lead registered through the service."""

from __future__ import annotations

import datetime as dt

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
