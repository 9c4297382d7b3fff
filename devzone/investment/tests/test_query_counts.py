"""Every list of 大招商 costs a fixed number of queries, whatever the number of rows it shows: a zone with a few
leads, contracts, activities and members against one with several times as many (a query per row would show)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devzone.investment import services as svc
from devzone.investment.models import Lead
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead, officer_of

pytestmark = pytest.mark.django_db

PAGES = [
    ("investment:lead_list", {}),
    ("investment:lead_list", {"view": "all"}),
    ("investment:contract_list", {}),
    ("investment:activity_list", {"month": TODAY.strftime("%Y-%m")}),
    ("investment:team_list", {}),
    ("investment:funnel", {"by": "owner"}),
    ("investment:leaderboard", {"by": "officer"}),
    ("investment:figures", {"start": "2026-01-01", "end": "2026-12-31"}),
]
API = [
    "/api/v1/investment/leads",
    "/api/v1/investment/contracts",
    "/api/v1/investment/activities",
    "/api/v1/investment/teams",
    "/api/v1/investment/leaderboard?by=officer",
    "/api/v1/investment/funnel?by=owner",
]


def grow(officer, team, start, n):
    """``n`` more leads, each with an owner, a contract of its own and a visit; one member more."""
    officer_of(team, f"member{start}")
    staff = officer.profile.staff
    for i in range(start, start + n):
        lead = new_lead(
            officer, team, name=f"第{i}家食品有限公司", credit_code=f.credit_code_for(7000 + i), owner=None
        )
        svc.activity_create(
            actor=officer,
            team=team,
            kind="visit",
            title=f"拜访{i}",
            on=TODAY - dt.timedelta(days=i % 20),
            leads=[lead],
        )
        if i % 2 == 0:
            svc.contract_sign(
                actor=officer,
                lead=lead,
                project_name=f"项目{i}",
                contract_investment=Decimal(1000 + i),
                signed_on=TODAY - dt.timedelta(days=1),
                reason="测试",
                handover=False,
            )
        else:
            Lead.objects.filter(pk=lead.pk).update(owner=staff)


def counts(c, urls):
    out = []
    for url in urls:
        c.get(url)  # warm caches (the calendar, the session)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200, url
        out.append(len(ctx))
    return out


def test_every_list_costs_the_same_queries_for_few_or_many_rows(client_for, officer, team_a, zone_a_leader):
    officer.profile.staff.team_memberships.update(capacity=500)
    urls = [
        reverse(name) + ("?" + "&".join(f"{k}={v}" for k, v in q.items()) if q else "") for name, q in PAGES
    ]
    grow(officer, team_a, 0, 4)
    leader, own = client_for(zone_a_leader), client_for(officer)
    small = counts(leader, urls + API), counts(own, urls + API)
    grow(officer, team_a, 4, 16)
    big = counts(leader, urls + API), counts(own, urls + API)
    for who, s, b in (("leader", small[0], big[0]), ("officer", small[1], big[1])):
        for url, qs, qb in zip(urls + API, s, b, strict=True):
            assert qb == qs, (who, url, qs, qb)
