"""Every figure of the reform bulletin, asserted against rows built here (never the demo's constants): with no
rows each says 数据缺失 (None); with rows it counts them by its rule. Then the page, the Word and the PDF list the
same figures."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from devzone.core import registry
from devzone.core.templatetags.devzone import show
from devzone.oversight import reports
from devzone.personnel.models import Candidate, TeamMember
from devzone.projects.choices import ProblemStatus
from devzone.projects.models import Milestone, Problem
from devzone.testing import approvals as ta
from devzone.testing import factories as f
from devzone.testing import personnel as tp
from devzone.testing import projects as tp_projects
from devzone.testing.investment import TODAY, freeze_today, new_lead, officer_of

pytestmark = pytest.mark.django_db


def figures(city) -> dict:
    return {fig.key: fig for fig in registry.bulletin_figures(city=city)}


def test_every_figure_says_missing_without_rows(city):
    figs = figures(city)
    # the zones themselves count (the city has none): every figure of every module is None
    assert {k for k, fig in figs.items() if fig.value is not None} == set()
    for key in (
        "core.pilots",
        "approvals.items",
        "approvals.departments",
        "projects.land_days",
        "projects.groundbreaking_days",
        "projects.problems_solved",
        "investment.signed",
        "investment.amount",
        "investment.over_1_yi",
        "investment.over_10_yi",
        "personnel.applicants",
        "personnel.seats",
        "personnel.max_ratio",
        "personnel.competition.appointed",
        "personnel.competition.age_after",
        "personnel.teams.exchange",
        "personnel.teams.age_drop",
    ):
        assert key in figs, key


def test_zones(city, zone_a, zone_b):
    f.ZoneFactory(city=city, name="丙开发区", is_pilot=True)
    zone_a.is_pilot = True
    zone_a.save()
    f.ZoneFactory(city=f.CityFactory(name="外市", code="370200"), name="外市试点", is_pilot=True)
    figs = figures(city)
    assert figs["core.pilots"].value == 2


def test_approvals(city, zone_a, zone_b):
    for n in range(5):
        ta.ItemFactory(zone=zone_a, source_department__name=["县住建委", "县发改委"][n % 2])
    parent = ta.ItemFactory(zone=zone_b, source_department__name="县国土资源局")
    ta.ItemFactory(zone=zone_b, parent=parent, source_department__name="县国土资源局")  # a 子项: not counted
    ta.ItemFactory(zone=zone_b, delegation_batch=2, source_department__name="县环保局")  # second batch
    figs = figures(city)
    assert figs["approvals.items"].value == 6
    # distinct source-department rows: 住建委 and 发改委 of zone A, 国土资源局 of zone B
    assert figs["approvals.departments"].value == 3


def test_projects(city, zone_a, zone_b):
    signed = dt.date(2026, 3, 2)
    fast = f.ProjectFactory(zone=zone_a, name="快项目", signed_on=signed)
    slow = f.ProjectFactory(zone=zone_b, name="慢项目", signed_on=signed)

    def ms(project, code, days, order):
        Milestone.objects.create(
            zone=project.zone,
            project=project,
            order=order,
            code=code,
            name=code,
            planned_on=signed + dt.timedelta(days=days),
            actual_on=signed + dt.timedelta(days=days),
        )

    ms(fast, "land", 3, 1)
    ms(fast, "groundbreaking", 57, 2)
    ms(slow, "land", 10, 1)
    ms(slow, "groundbreaking", 20, 2)
    for zone, key, resolved in ((zone_a, "a", 3), (zone_b, "b", 1)):
        cast = tp_projects.build_cast(zone, key)
        tp_projects.key(cast)
        made = [tp_projects.problem(cast, title=f"问题{i}").pk for i in range(resolved + 1)]
        Problem.objects.filter(pk__in=made[:resolved]).update(status=ProblemStatus.RESOLVED)
    figs = figures(city)
    assert figs["projects.land_days"].value == 3 and figs["projects.land_days"].period == "快项目"
    assert (
        figs["projects.groundbreaking_days"].value == 57
    )  # the same project's, not the fastest overall (20)
    assert figs["projects.problems_solved"].value == 4


def test_investment(monkeypatch, city, zone_a, zone_b):
    from devzone.investment import services as svc
    from devzone.investment.models import InvestmentTeam

    freeze_today(monkeypatch)
    n = iter(range(5000, 6000))

    def sign(zone, amount_wan, on):
        team = InvestmentTeam.objects.filter(zone=zone).first() or InvestmentTeam.objects.create(
            zone=zone, name=f"{zone.name}小分队", region="长三角", station_city="上海"
        )
        officer = officer_of(team, f"officer{next(n)}")
        i = next(n)
        lead = new_lead(
            officer, team, name=f"测试{i}有限公司", credit_code=f.credit_code_for(i), on=dt.date(2026, 1, 5)
        )
        return svc.contract_sign(
            actor=officer, lead=lead, project_name=f"项目{i}", contract_investment=D(amount_wan), signed_on=on
        )

    h2 = TODAY - dt.timedelta(days=10)  # 2026 下半年
    for amount in ("150000", "20000", "5000"):  # 15 亿, 2 亿, 0.5 亿
        sign(zone_a, amount, h2)
    sign(zone_a, "900000", dt.date(2026, 3, 1))  # 90 亿 in the first half: a half of its own
    sign(zone_b, "100", h2)
    figs = figures(city)
    # the largest half-year: zone A's first half (one contract of 90 亿)
    assert (figs["investment.signed"].value, figs["investment.amount"].value) == (1, D("90.00"))
    assert "2026年上半年" in figs["investment.signed"].period
    sign(zone_a, "800000", h2)  # now the second half holds 80 + 15 + 2 + 0.5 = 97.5 亿
    figs = figures(city)
    assert figs["investment.signed"].value == 4
    assert figs["investment.amount"].value == D("97.50")
    assert figs["investment.over_1_yi"].value == 3
    assert figs["investment.over_10_yi"].value == 2
    assert "甲开发区 2026年下半年" == figs["investment.signed"].period


def test_recruitment(settings, tmp_path, city, zone_a, zone_b):
    settings.DEVZONE_SMS_BACKEND = "file"
    settings.DEVZONE_SMS_FILE = tmp_path / "sms.log"
    settings.MEDIA_ROOT = tmp_path / "media"
    from devzone.personnel.services import registrations as reg_svc

    campaign = tp.make_campaign(city, [zone_a, zone_b], headcount=1)
    people = [
        tp.make_candidate(city, 1, education="master", school="山东大学"),
        tp.make_candidate(city, 2, education="doctorate", school="济南大学"),
        tp.make_candidate(city, 3, education="bachelor", school="山东大学"),
        tp.make_candidate(city, 4, education="bachelor", school="济南大学"),
    ]
    codes = ["A01", "A01", "A01", "B01"]
    for person, code in zip(people, codes, strict=True):
        reg_svc.registration_submit(actor=person.user, opening_id=campaign.openings.get(code=code).pk)
    dfc = Candidate.objects.filter(pk__in=[p.pk for p in people], double_first_class=True).count()
    figs = figures(city)
    assert figs["personnel.applicants"].value == 4
    assert figs["personnel.seats"].value == 2
    assert figs["personnel.postgraduates"].value == D("50.0")
    assert figs["personnel.double_first_class"].value == (D(100) * dfc / 4).quantize(D("0.1"))
    assert figs["personnel.average_ratio"].value == D("2.0")
    assert figs["personnel.max_ratio"].value == D("3.0")
    assert figs["personnel.applicants"].period == campaign.title


def test_competition(city, zone_a):
    """临港's competition as the demo builds it (20 posts, 12 from lower posts, 45 → 39)."""
    from devzone.personnel import demo

    for name in ("党政办公室", "投资促进部", "综合服务部"):
        f.DepartmentFactory(zone=zone_a, name=name)
    demo._competition(zone_a)
    figs = figures(city)
    assert figs["personnel.competition.appointed"].value == 20
    assert figs["personnel.competition.promoted"].value == 12
    assert figs["personnel.competition.age_before"].value == D("45.0")
    assert figs["personnel.competition.age_after"].value == D("39.0")


def test_teams(city, zone_a, zone_b):
    reform = dt.date(2019, 6, 1)

    def member(zone, born, *, joined=dt.date(2014, 1, 1), left=None, origin=""):
        TeamMember.objects.create(
            zone=zone,
            name="成员",
            post="副主任",
            birth_date=born,
            exchanged_from=origin,
            joined_on=joined,
            left_on=left,
        )

    # before (2019-05-31): 56, 50, 48 → 51.3; on the reform day: 50 stays, 28 and 30 come by exchange → 36.0
    member(zone_a, dt.date(1962, 9, 1), left=reform)
    member(zone_a, dt.date(1968, 9, 1))
    member(zone_b, dt.date(1970, 9, 1), left=reform)
    member(zone_a, dt.date(1990, 9, 1), joined=reform, origin="市发展改革委")
    member(zone_b, dt.date(1988, 9, 1), joined=reform, origin="历城区")
    figs = figures(city)
    assert figs["personnel.teams.exchange"].value == D("66.7")
    assert figs["personnel.teams.age_drop"].value == D("15.3")


def test_the_page_and_the_files_list_every_figure(client_for, city_officer, city, zone_a):
    zone_a.is_pilot = True
    zone_a.save()
    c = client_for(city_officer)
    page = c.get(reverse("oversight:bulletin"))
    text = page.content.decode()
    for fig in registry.bulletin_figures(city=city):
        assert f'data-testid="figure-{fig.key}"' in text
    assert "数据缺失" in text  # most modules have no rows here
    docx = c.get(reverse("oversight:bulletin_file", args=["docx"]))
    from docx import Document

    body = "\n".join(
        cell.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for cell in r.cells
    )
    assert "改革试点开发区" in body and "\n1\n" in body and "数据缺失" in body
    pdf = c.get(reverse("oversight:bulletin_file", args=["pdf"]))
    assert pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "改革试点开发区" in pdf_text


def test_only_the_citys_own_reports_are_quoted_with_their_source(client_for, city_officer, city, zone_a):
    """Jinan's reports printed 42 %, 26.3 %, 莱芜's merge, 百余项 problems, 4200多人 applicants and a team 5岁
    younger: Jinan's bulletin shows them beside
    the computed figures and names the documents; 青岛's bulletin — page, API, Word — quotes none of them."""
    from docx import Document

    from devzone.core.choices import Role

    page = client_for(city_officer).get(reverse("oversight:bulletin")).content.decode()
    problems = page.split('data-testid="figure-projects.problems_solved"')[1].split("</tr>")[0]
    assert "报道为百余项" in problems
    assert "报道为莱芜的3个开发区整合为新的莱芜高新区" in page and "报道为42%" in page
    assert (
        "报道为4200多人" in page and "报道为5岁" in page
    )  # personnel's printed figures come from the data too
    sources = page.split('data-testid="reported-sources"')[1].split("</p>")[0]
    assert "济南市开发区体制机制改革公开报道" in sources and "济南济北经济开发区改革公开报道" in sources

    qd = f.CityFactory(name="青岛市", code="370200")
    f.ZoneFactory(city=qd, name="青岛经开区")
    officer = f.user_with_role(Role.CITY_OFFICER, city=qd, user__username="qd_officer")
    c = client_for(officer)
    page = c.get(reverse("oversight:bulletin")).content.decode()
    api = c.get("/api/v1/oversight/bulletin").json()
    docx = Document(io.BytesIO(c.get(reverse("oversight:bulletin_file", args=["docx"])).content))
    word = "\n".join(
        [p.text for p in docx.paragraphs]
        + [cell.text for t in docx.tables for r in t.rows for cell in r.cells]
    )
    for text in (page, word):
        for quoted in ("莱芜", "42%", "26.3%", "百余项", "4200多人", "5岁", "报道数出处"):
            assert quoted not in text, quoted
    assert [x["key"] for x in api if x["reported"]] == []


def test_the_pdf_is_drawn_again_only_when_what_it_prints_changed(
    monkeypatch, client_for, city_officer, city, zone_a, zone_b
):
    """WeasyPrint takes ~300 ms for the bulletin: an unchanged bulletin is served as it was drawn (the same
    document, its 生成于 saying when), a changed figure gives a new one at once."""
    from pypdf import PdfReader

    def pilots(pdf) -> str:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        return text.split("改革试点开发区", 1)[1].split()[0]  # the figure's value

    zone_a.is_pilot = True
    zone_a.save()
    c = client_for(city_officer)
    url = reverse("oversight:bulletin_file", args=["pdf"])
    first = c.get(url).content
    later = timezone.localtime() + dt.timedelta(hours=2)
    monkeypatch.setattr(reports, "timezone", SimpleNamespace(localtime=lambda: later))  # the clock moves on
    assert c.get(url).content == first  # served as drawn, with the time it was drawn
    zone_b.is_pilot = True
    zone_b.save()
    changed = c.get(url).content
    assert changed != first
    assert (pilots(first), pilots(changed)) == ("1", "2")
    assert show(later) in "".join(p.extract_text() for p in PdfReader(io.BytesIO(changed)).pages)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # another language prints other words: its own drawing
    english = c.get(url).content
    assert english != changed and "reform bulletin" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(english)).pages
    )
