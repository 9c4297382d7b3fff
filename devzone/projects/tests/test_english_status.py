"""An English reader of the key projects: the reason of a project's colour (逾期6个月未开工；落后序时进度77.7个
百分点) and the default timetable's step names (规划许可, 主体完工 …) are stored in Chinese whoever wrote them,
and read in English on the leader's portfolio and the enterprise's pages; a step a zone renamed reads as
stored, and the Chinese reader reads what was stored."""

from __future__ import annotations

import pytest
from django.utils import translation

from devzone.projects import status
from devzone.projects.models import KeyProject, Milestone
from devzone.projects.tests.conftest import key
from devzone.projects.wording import milestone_label, status_reason_label
from devzone.testing.english import catalog_has, chinese_left

pytestmark = pytest.mark.django_db

# the English of the texts this test reads (the project's catalog is compiled separately, from the same texts)
ENGLISH = {
    "逾期%(months)s个月未开工": "Start overdue by %(months)s mo.",
    "落后序时进度%(points)s个百分点": "%(points)s percentage points behind schedule",
    "红色项目赶上进度，观察期内显示黄色": "Caught up after being seriously behind: shown as behind during the "
    "observation period",
    "；": "; ",
    "土地清点/供地": "Land survey / supply",
    "立项/备案": "Project approval / filing",
    "环评": "Environmental impact assessment",
    "规划许可": "Planning permit",
    "入库纳统": "Entered in statistics",
    "主体完工": "Main structure completed",
    "达效": "Full efficiency",
}
STORED = "逾期6个月未开工；落后序时进度77.7个百分点"


@pytest.fixture
def english():
    catalog_has(ENGLISH)


def test_the_stored_reason_is_what_the_status_computes_and_reads_back_in_english(english):
    import datetime as dt
    from decimal import Decimal

    result = status.compute(
        status.Inputs(
            today=dt.date(2026, 7, 15),
            planned_start=dt.date(2026, 1, 10),
            annual_plan=Decimal("1000"),
            completed=Decimal("100"),
        )
    )
    stored = status.SEPARATOR.join(result.reasons)
    assert (
        stored == "逾期6个月未开工；落后序时进度40.0个百分点"
    )  # as stored before: the rows keep their words
    with translation.override("en"):
        assert status_reason_label(stored) == (
            "Start overdue by 6 mo.; 40.0 percentage points behind schedule"
        )
        assert (
            status_reason_label("红色项目赶上进度，观察期内显示黄色")
            == ENGLISH["红色项目赶上进度，观察期内显示黄色"]
        )
        assert (
            status_reason_label("节点逾期10天") == "节点逾期10天"
        )  # words the status did not write: as stored
        assert status_reason_label("") == ""
        assert milestone_label("规划许可") == "Planning permit"
        assert milestone_label("规划许可（二期）") == "规划许可（二期）"  # a renamed step is the zone's data
    with translation.override("zh-hans"):
        assert status_reason_label(STORED) == STORED
        assert milestone_label("规划许可") == "规划许可"


def _red(a):
    key(a)
    KeyProject.objects.filter(project=a.project).update(
        status="red", status_reason=STORED, next_milestone="规划许可"
    )
    Milestone.objects.filter(project=a.project, code="structure_done").update(name="主体完工")
    Milestone.objects.filter(project=a.project, code="efficacy").update(name="达效（一期）")  # renamed


def _data(a) -> list[str]:
    return [
        a.zone.name,
        a.project.name,
        a.enterprise.name,
        a.agent_staff.name,
        a.agent_staff.department.name,
        a.project.area.name if a.project.area else "",
        "达效（一期）",  # the zone's own name of a step
        "简体中文",  # the language switcher's own label
        "语言",
    ] + [u.profile.display_name for u in (a.leader, a.company)]


def _english_page(client_for, user, url: str) -> str:
    c = client_for(user)
    c.cookies["devzone_language"] = "en"
    r = c.get(url)
    assert r.status_code == 200, url
    return r.content.decode()


def test_the_leaders_portfolio_reads_the_reason_and_next_milestone_in_english(client_for, a, english):
    _red(a)
    html = _english_page(client_for, a.leader, "/projects/portfolio/?status=red")
    assert "Start overdue by 6 mo.; 77.7 percentage points behind schedule" in html
    assert "Planning permit" in html
    assert not {"逾期", "落后序时进度", "个百分点", "规划许可"} & set(chinese_left(html, _data(a)))


def test_the_enterprise_reads_its_projects_status_and_timetable_in_english(client_for, a, english):
    _red(a)
    for url in ("/projects/mine/", f"/projects/p/{a.project.pk}/"):
        html = _english_page(client_for, a.company, url)
        assert "Start overdue by 6 mo." in html, url
        assert chinese_left(html, _data(a)) == [], url
    timetable = _english_page(client_for, a.company, f"/projects/p/{a.project.pk}/")
    assert "Main structure completed" in timetable and "达效（一期）" in timetable


def test_the_chinese_reader_reads_the_stored_words(client_for, a):
    _red(a)
    html = client_for(a.company).get(f"/projects/p/{a.project.pk}/").content.decode()
    assert STORED in html and "主体完工" in html
