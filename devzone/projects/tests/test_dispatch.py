"""The weekly dispatch: its sections (new signings, milestones due and missed, projects turned red, open and
overdue problems by owner, approvals near their deadline), the Word document with its Chinese fonts, the job at
the zone's weekday and hour, and issues kept unchanged as issued."""

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone

from devzone.core.actors import system_actor
from devzone.core.errors import PermissionDeniedError
from devzone.projects.dispatch import SECTIONS, shown_content
from devzone.projects.models import KeyProject, WeeklyDispatch
from devzone.projects.services import problem_resolve, rules_update
from devzone.projects.services.dispatching import build_content, dispatch_issue, dispatch_scan
from devzone.testing import factories as f
from devzone.testing.projects import TODAY, dispatch_week, key, problem

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 6, 16)


def section(content, key_):
    return next(s for s in content["sections"] if s["key"] == key_)


def built(*, zone, on):
    """The content as issued, as a Chinese reader reads it (its stored words written: projects.dispatch)."""
    return shown_content(build_content(zone=zone, on=on))


def test_the_sections_in_order_include_the_approvals_section():
    assert [s for s in sorted(SECTIONS, key=lambda k: SECTIONS[k].order)] == [
        "signings",
        "milestones",
        "red",
        "problems",
        "approvals",
    ]


def test_the_dispatch_holds_what_the_leaders_meeting_needs(a):
    # a signing, a milestone due this week and one missed, a project turned red this week
    new = dispatch_week(a, MONDAY)
    assert KeyProject.objects.get(project=a.project).turned_red_on == MONDAY
    overdue = problem(a, title="用电超期", on=dt.date(2025, 6, 2), deadline_workdays=3)
    problem(a, title="用气在办", on=MONDAY, deadline_workdays=5)
    solved = problem(a, title="已解决的", on=MONDAY)
    problem_resolve(actor=a.officer, problem=solved, resolution="好", on=MONDAY)
    c = built(zone=a.zone, on=MONDAY)
    signings = section(c, "signings")
    assert [r[0] for r in signings["rows"]] == [new.name]
    ms = section(c, "milestones")
    rows = {r[1]: r for r in ms["rows"]}
    assert rows["土地清点/供地"][3] == "本周到期" and rows["立项/备案"][3].startswith("已逾期")
    assert rows["立项/备案"][4] == a.agent_staff.name
    assert [r[0] for r in section(c, "red")["rows"]] == [a.project.name]
    probs = section(c, "problems")
    assert probs["rows"] == [
        [
            a.economy.name,
            a.officer_staff.name,
            "2",
            "1",
            f"{a.project.name}：用电超期；{a.project.name}：用气在办",
        ]
    ]
    assert [d[1] for d in probs["details"]] == [overdue.title] and "未解决问题2个，其中超期1个" == probs[
        "summary"
    ]
    assert "2025年6月16日" in c["subtitle"] and c["status_counts"]["red"] == 1


def test_the_approvals_section_lists_files_near_or_past_their_deadline(a, settings):
    from devzone.core.choices import Role
    from devzone.testing.approvals import ItemFactory, accepted

    settings.DEVZONE_SEAL_MASTER_KEY = "11" * 32
    key(a)
    item = ItemFactory(zone=a.zone, promised_limit_days=5)
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=a.zone, user__username="clerk")
    accepted(a.company, clerk, a.officer, a.project, item, on=dt.date(2025, 6, 3))
    rows = section(built(zone=a.zone, on=MONDAY), "approvals")["rows"]
    assert rows and rows[0][0] == a.project.name and rows[0][1] == item.name and "超期" in rows[0][4]
    assert section(built(zone=a.zone, on=dt.date(2025, 6, 4)), "approvals")["rows"] == []


def test_the_word_document_sets_the_chinese_font_and_holds_the_tables(a):
    from docx import Document
    from docx.oxml.ns import qn

    key(a)
    problem(a, title="用电超期", on=dt.date(2025, 6, 2), deadline_workdays=3)
    d = dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY)
    doc = Document(BytesIO(bytes(d.docx)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert shown_content(d.content)["title"] in text and "四、未解决及超期问题（按责任人）" in text
    run = doc.paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "用电超期" in cells and a.officer_staff.name in cells
    # every table cell in 五号 (10.5 pt): 黑体 in the header row, 仿宋 below it, through the cell's style
    for table in doc.tables:
        for i, row in enumerate(table.rows):
            for cell in row.cells:
                style = cell.paragraphs[0].style
                assert style.font.size.pt == 10.5, style.name
                assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == ("黑体" if i == 0 else "仿宋")
                assert (
                    style.paragraph_format.space_before.pt == 1 and style.paragraph_format.line_spacing == 1.0
                )
    # print-ready: A4, the overview first, header rows repeated on each page, rows never split, page numbers
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert doc.paragraphs[3].text == "总体情况" and "全区重点项目1个" in doc.paragraphs[4].text
    for table in doc.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    # the red rule under the heading: the border in its place, before the paragraph's spacing and alignment
    ppr = [p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None][
        0
    ]._p.pPr
    tags = [child.tag for child in ppr]
    assert tags.index(qn("w:pBdr")) < tags.index(qn("w:spacing")) < tags.index(qn("w:jc"))
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "页" in footer
    assert a.zone.name in section.header.paragraphs[0].text


def test_word_columns_fit_their_content():
    from devzone.projects.docx_report import TEXT_WIDTH_CM, column_widths

    rows = [["高端装备制造产业园项目", "规划许可", "2026年5月14日", "已逾期127个工作日", "胡秀英"]] * 3
    widths = column_widths(["项目", "节点", "计划日期", "情况", "代办专员"], rows)
    assert abs(sum(widths) - TEXT_WIDTH_CM) < 0.01
    long = column_widths(
        ["部门", "问题"], [["经济发展部", "；".join(["生物医药产业基地项目：天然气管道接入"] * 3)]]
    )
    assert long[1] > long[0] * 2  # the long text column takes the room, the short one keeps its width
    assert long[0] >= 5 * 0.4  # 经济发展部 on one line


def test_issues_stay_as_issued_and_the_job_issues_once_at_the_zones_hour(a):
    key(a)
    system = system_actor()
    tz = timezone.get_current_timezone()
    before = dt.datetime(2025, 6, 16, 18, 50, tzinfo=tz)
    assert dispatch_scan(before, actor=system) == []
    at = dt.datetime(2025, 6, 16, 19, 5, tzinfo=tz)
    [pk] = dispatch_scan(at, actor=system)
    assert dispatch_scan(at + dt.timedelta(hours=3), actor=system) == []  # once a week
    d = WeeklyDispatch.objects.get(pk=pk)
    assert d.automatic and d.week_start == MONDAY and d.issued_by == system
    snapshot, docx = d.content, bytes(d.docx)
    problem(a, title="后来的问题", on=MONDAY)
    d.refresh_from_db()
    assert d.content == snapshot and bytes(d.docx) == docx  # the issue does not follow later changes
    again = dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY)
    assert again.number == 2
    assert section(shown_content(snapshot), "problems")["summary"] == "未解决问题0个，其中超期0个"
    assert section(shown_content(again.content), "problems")["summary"] == "未解决问题1个，其中超期0个"
    # a zone that meets on Friday at 8
    rules_update(actor=a.leader, zone_id=a.zone.pk, data={"dispatch_weekday": 4, "dispatch_hour": 8})
    assert dispatch_scan(dt.datetime(2025, 6, 23, 19, 5, tzinfo=tz), actor=system) == []
    assert len(dispatch_scan(dt.datetime(2025, 6, 27, 8, 1, tzinfo=tz), actor=system)) == 1
    assert TODAY  # (the cast's today is not used here: the job reads the time it is given)
    with pytest.raises(PermissionDeniedError):  # only the system actor runs the job
        dispatch_scan(dt.datetime(2025, 6, 30, 8, 1, tzinfo=tz), actor=a.leader)


def test_the_approvals_section_lists_deadlines_not_overrun_steps(a, settings):
    """Hand-checked, March 2025 (no holiday): promised 10 working days (review step 5), accepted Monday 03-03.
    Wednesday 03-12: 7 days used, 3 left — the review step has overrun its 5 days (red on the review desk) but the
    deadline is not near: not in the dispatch. Thursday 03-13: 2 left = ⌊10 × 20 %⌋, yellow: listed."""
    from devzone.core.choices import Role
    from devzone.testing.approvals import ItemFactory, accepted

    settings.DEVZONE_SEAL_MASTER_KEY = "11" * 32
    key(a)
    item = ItemFactory(zone=a.zone, promised_limit_days=10, legal_limit_days=20, steps=(1, 5, 2, 2))
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=a.zone, user__username="clerk")
    accepted(a.company, clerk, a.officer, a.project, item, on=dt.date(2025, 3, 3))
    assert section(built(zone=a.zone, on=dt.date(2025, 3, 12)), "approvals")["rows"] == []
    [row] = section(built(zone=a.zone, on=dt.date(2025, 3, 13)), "approvals")["rows"]
    assert row[1] == item.name and row[4] == "承诺时限剩余2个工作日"


def test_problems_of_two_owners_sharing_a_name_stay_apart(a):
    """Two staff of one department with the same name are two people: one row each, told apart by their
    employee number; an owner whose name is unique keeps the bare name."""
    key(a)
    twin_a = f.StaffFactory(zone=a.zone, department=a.economy, name="王伟", employee_no="JB-101")
    twin_b = f.StaffFactory(zone=a.zone, department=a.economy, name="王伟", employee_no="JB-102")
    problem(a, title="用电", owner=twin_a, on=dt.date(2025, 6, 2), deadline_workdays=3)
    problem(a, title="用气", owner=twin_b, on=MONDAY)
    problem(a, title="用水", owner=twin_b, on=MONDAY)
    problem(a, title="土地", on=MONDAY)
    probs = section(built(zone=a.zone, on=MONDAY), "problems")
    rows = {r[1]: r[2:4] for r in probs["rows"]}
    assert rows == {
        "王伟（JB-101）": ["1", "1"],
        "王伟（JB-102）": ["2", "0"],
        a.officer_staff.name: ["1", "0"],
    }
    assert [d[2] for d in probs["details"]] == ["王伟（JB-101）"]
