"""The pages of 大招商 as their users use them: registering a lead and meeting the duplicate, the working list
with a constant number of queries, the Excel import (all or nothing) and export, the follow-up scan, the
half-year figures of the demo computed live."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devzone.core.models import Notification
from devzone.investment import reminders
from devzone.investment import services as svc
from devzone.investment.excel import HEADER
from devzone.investment.models import Lead
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, import_report, lead_form, new_lead, post_and_read_messages
from devzone.testing.workbooks import xlsx

pytestmark = pytest.mark.django_db


def test_registering_a_known_firm_shows_the_existing_lead_and_merges(client_for, officer, team_a, lead_a):
    c = client_for(officer)
    form = {
        "company_name": "山东示例食品（有限公司）",
        "industry": "14",
        "source": "fair",
        "team": team_a.pk,
        "stage": "aware",
        "on": TODAY.isoformat(),
        "contact_name": "刘总",
    }
    r = c.post(reverse("investment:lead_create"), form)
    html = r.content.decode()
    assert r.status_code == 200 and f'data-duplicate="{lead_a.pk}"' in html and "合并到已有线索" in html
    assert Lead.objects.count() == 1
    r = c.post(reverse("investment:lead_absorb", args=[lead_a.pk]), form)
    assert r.status_code == 302
    lead_a.refresh_from_db()
    assert lead_a.contact_name == "刘总" and Lead.objects.count() == 1


def test_bad_input_on_the_lead_form_gets_field_messages(client_for, officer, team_a):
    c = client_for(officer)
    r = c.post(
        reverse("investment:lead_create"),
        lead_form(team_a, source="referral", intended_investment="-5", credit_code="123"),
    )
    errors = r.context["form"].errors
    assert r.status_code == 200 and "intended_investment" in errors and "referrer" in errors
    assert not Lead.objects.exists()


def test_the_stage_form_refuses_a_jump_without_dates_and_accepts_it_with_them(client_for, officer, lead_a):
    c = client_for(officer)
    url = reverse("investment:lead_action", args=[lead_a.pk, "move"])
    r = c.post(url, {"target": "invited", "on": TODAY.isoformat(), "version": lead_a.version}, follow=True)
    assert "须填写被跳过阶段" in r.content.decode()
    lead_a.refresh_from_db()
    assert lead_a.stage == "unaware"
    r = c.post(
        url,
        {
            "target": "invited",
            "on": TODAY.isoformat(),
            "version": lead_a.version,
            "date_aware": (TODAY - dt.timedelta(days=5)).isoformat(),
            "date_attentive": (TODAY - dt.timedelta(days=2)).isoformat(),
        },
    )
    lead_a.refresh_from_db()
    assert lead_a.stage == "invited" and lead_a.attentive_on == TODAY - dt.timedelta(days=2)


def test_the_working_list_costs_the_same_queries_for_5_or_25_leads(
    client_for, officer, team_a, zone_a_leader
):
    c = client_for(zone_a_leader)
    for i in range(5):
        new_lead(officer, team_a, name=f"第{i}家食品有限公司", owner=officer.profile.staff if i < 3 else None)
    c.get(reverse("investment:lead_list"))
    with CaptureQueriesContext(connection) as small:
        assert c.get(reverse("investment:lead_list")).status_code == 200
    for i in range(5, 25):
        new_lead(zone_a_leader, team_a, name=f"第{i}家食品有限公司")
    with CaptureQueriesContext(connection) as big:
        html = c.get(reverse("investment:lead_list")).content.decode()
    assert len(big) == len(small)
    assert html.count("食品有限公司</a>") == 25


def test_other_pages_render_for_the_leader(client_for, officer, team_a, lead_a, zone_a_leader):
    svc.contract_sign(
        actor=officer,
        lead=lead_a,
        project_name="甲项目",
        contract_investment=Decimal("120000"),
        signed_on=TODAY,
    )
    c = client_for(zone_a_leader)
    for name in (
        "funnel",
        "leaderboard",
        "figures",
        "settings",
        "team_list",
        "contract_list",
        "activity_list",
    ):
        assert c.get(reverse(f"investment:{name}")).status_code == 200, name
    board = c.get(reverse("investment:leaderboard") + f"?by=officer&period=month&on={TODAY}").content.decode()
    assert "officer_a职员" in board
    assert c.get(reverse("investment:leaderboard") + "?period=nonsense&on=bad").status_code == 200
    assert c.get(reverse("investment:activity_list") + "?month=2026-13").status_code == 200


def _xlsx(rows) -> bytes:
    return xlsx([HEADER, *rows])


def _upload(c, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return c.post(
        reverse("investment:lead_import"),
        {"file": SimpleUploadedFile("leads.xlsx", data, content_type="application/octet-stream")},
    )


def test_the_import_is_all_or_nothing_with_a_report_per_row(client_for, officer, team_a, lead_a):
    c = client_for(officer)
    good = [
        "济南甲食品有限公司",
        "",
        "14",
        "3000",
        "展会招商",
        "",
        "长三角小分队",
        "",
        "了解",
        "",
        "",
        "否",
        "",
    ]
    rows = [
        good,
        ["济南乙食品有限公司", "", "99", "-1", "飞鸽传书", "", "不存在小分队", "", "签约", "", "", "否", ""],
        ["山东示例食品有限公司", "", "14", "", "登门招商", "", "长三角小分队", "", "", "", "", "", ""],
        ["济南甲食品有限公司", "", "14", "", "以商招商", "", "长三角小分队", "", "", "", "", "", ""],
    ]
    r = _upload(c, _xlsx(rows))
    report = import_report(r)
    assert sorted(report) == [3, 4, 5]
    assert any("行业代码" in e for e in report[3]) and any("负数" in e for e in report[3])
    assert any("已在线索中" in e for e in report[4])
    assert any("第2行" in e for e in report[5]) and any("推荐人" in e for e in report[5])
    assert Lead.objects.count() == 1  # nothing imported
    r = _upload(
        c,
        _xlsx(
            [
                good,
                [
                    "济南丙电子有限公司",
                    "",
                    "39",
                    "12000",
                    "驻点招商",
                    "",
                    "长三角小分队",
                    "",
                    "关注",
                    "",
                    "",
                    "否",
                    "",
                ],
            ]
        ),
    )
    assert r.status_code == 302
    assert Lead.objects.filter(company_name__in=["济南甲食品有限公司", "济南丙电子有限公司"]).count() == 2
    assert _upload(c, b"not a workbook").status_code == 200


def test_the_follow_up_scan_marks_stale_leads_and_reminds_once(officer, team_a, zone_a_leader):
    old = new_lead(officer, team_a, name="久未跟进食品有限公司", on=TODAY - dt.timedelta(days=120))
    big = new_lead(
        officer,
        team_a,
        name="大项目食品有限公司",
        intended_investment=Decimal("50000"),
        on=TODAY - dt.timedelta(days=10),
    )
    fresh = new_lead(officer, team_a, name="新食品有限公司", on=TODAY)
    counts = reminders.scan(TODAY)
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.is_stale and not fresh.is_stale and counts["stale"] == 1
    owner_notes = Notification.objects.filter(user=zone_a_leader, kind="investment.owner")
    assert owner_notes.filter(title__contains=big.company_name).count() == 1
    reminders.scan(TODAY)
    assert owner_notes.count() == 1  # not twice
    svc.lead_record(actor=officer, lead=old, kind="note", text="电话回访")
    old.refresh_from_db()
    assert not old.is_stale


def test_the_demo_reproduces_the_half_year_figures():
    """23 signed projects, 708 亿元, 18 over 1 亿 and 7 over 10 亿, computed live from the contracts."""
    from devzone.core.demo import loader
    from devzone.investment.selectors import figures

    built = loader.load(2019, steps=("investment",))
    zone = built["zones"]["济北经济开发区"]
    t = figures(zone_id=zone.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    assert (
        t["totals"]["signed"],
        t["totals"]["investment"],
        t["totals"]["over_1_yi"],
        t["totals"]["over_10_yi"],
    ) == (
        23,
        Decimal("7080000"),
        18,
        7,
    )
    names = {b["project_name"] for b in t["big"]}
    assert {"济北智造小镇", "少海汇智慧住居项目", "世茂集团澄波湖综合开发文旅项目"} <= names
    assert Lead.objects.filter(zone=zone).count() > 300
    assert sorted(zone.leading_industries.values_list("pk", flat=True)) == ["14", "34", "39"]
    from devzone.investment.models import TeamMember

    investor = f.UserFactory._meta.model.objects.get(username="investor")
    assert TeamMember.objects.filter(staff=investor.profile.staff, team__name="长三角小分队").exists()


def test_the_zone_form_edits_the_leading_industries_and_the_scan_refits_the_leads(
    client_for, zone_a_leader, zone_a, officer, team_a
):
    from devzone.core.models import AuditEvent

    estate = new_lead(officer, team_a, name="甲置业有限公司", industry="70")
    assert not estate.fits
    c = client_for(zone_a_leader)
    url = reverse("core:zone_edit", args=[zone_a.pk])
    base = {"name": zone_a.name, "level": zone_a.level, "operator": zone_a.operator}
    r = c.post(url, base | {"leading_industries": ["14"]})
    assert r.status_code == 200 and "2–3" in r.content.decode()
    r = c.post(url, base | {"leading_industries": ["14", "70"]})
    assert r.status_code == 302
    assert sorted(zone_a.leading_industries.values_list("pk", flat=True)) == ["14", "70"]
    assert AuditEvent.objects.filter(object_id=str(zone_a.pk), changes__has_key="leading_industries").exists()
    reminders.scan(TODAY)
    estate.refresh_from_db()
    assert estate.fits and estate.is_active


def test_an_import_over_the_size_limit_is_refused_on_the_file_field(client_for, officer, team_a, settings):
    """The limit is the settings' (``DEVZONE_IMPORT_MAX_BYTES``), not a size written into the page."""
    from devzone.investment.excel import template

    data = template()
    settings.DEVZONE_IMPORT_MAX_BYTES = len(data) - 1
    r = _upload(client_for(officer), data)
    assert r.status_code == 200 and "文件超过" in " ".join(r.context["form"].errors["file"])
    assert Lead.objects.count() == 0


def test_an_officer_of_one_team_finds_his_team_and_himself_chosen(client_for, officer, team_a, team_a2):
    import re

    html = client_for(officer).get(reverse("investment:lead_create")).content.decode()
    team = re.search(r'<select name="team".*?</select>', html, re.S).group(0)
    owner = re.search(r'<select name="owner".*?</select>', html, re.S).group(0)
    assert re.search(rf'<option value="{team_a.pk}" selected>', team)
    assert re.search(rf'<option value="{officer.profile.staff_id}" selected>', owner)
    assert f'value="{team_a2.pk}"' not in team  # not his team: not offered


def test_a_leader_of_several_teams_chooses_himself(
    client_for, zone_a_leader, team_a, team_a2, officer, officer2
):
    import re

    html = client_for(zone_a_leader).get(reverse("investment:lead_create")).content.decode()
    team = re.search(r'<select name="team".*?</select>', html, re.S).group(0)
    assert " selected>" not in team.replace('value="" selected>', "")


def test_moving_a_lead_away_from_its_owners_team_tells_the_leader_it_has_no_owner(
    client_for, officer, team_a, team_a2, zone_a_leader
):
    """The owner had left the new team (an inactive member): the lead is now unassigned, and the leader who
    moved it reads so on the page."""
    from devzone.investment.models import TeamMember

    staff = officer.profile.staff
    TeamMember.objects.create(zone=team_a2.zone, team=team_a2, staff=staff, capacity=5, is_active=False)
    lead = new_lead(officer, team_a, name="迁队页面机械有限公司", industry="34", owner=staff)
    form = lead_form(team_a2, lead.company_name, industry="34", source=lead.source, version=lead.version)
    told = post_and_read_messages(
        client_for(zone_a_leader), reverse("investment:lead_edit", args=[lead.pk]), form, lead
    )
    assert lead.team_id == team_a2.pk and lead.owner_id is None
    assert any(staff.name in m and "现无负责人" in m for m in told), told


def test_reopening_a_lead_whose_owner_is_full_says_on_the_page_that_it_has_no_owner(
    client_for, officer, team_a
):
    from devzone.investment.models import TeamMember

    staff = officer.profile.staff
    TeamMember.objects.filter(team=team_a, staff=staff).update(capacity=1)
    lost = new_lead(officer, team_a, name="流失页面机械有限公司", industry="34", owner=staff)
    svc.lead_lose(actor=officer, lead=lost, reason="选址在外地")
    new_lead(officer, team_a, name="在跟页面机械有限公司", industry="34", owner=staff)
    url = reverse("investment:lead_action", args=[lost.pk, "reopen"])
    told = post_and_read_messages(client_for(officer), url, {"note": ""}, lost)
    assert lost.is_active and lost.owner_id is None
    assert any("已重新跟进" in m and staff.name in m and "现无负责人" in m for m in told), told


def test_the_team_page_shows_a_member_over_capacity(client_for, officer, team_a, zone_a_leader):
    """Capacity caps new assignments; a member whose capacity was lowered below the leads they already follow
    keeps them, and the team page shows "超出容量" instead of a plain "已满"."""
    import re

    from devzone.core.errors import DomainError
    from devzone.investment.models import TeamMember

    staff = officer.profile.staff
    held = [
        new_lead(officer, team_a, name=f"在跟{n}号机械有限公司", industry="34", owner=staff) for n in range(3)
    ]
    TeamMember.objects.filter(team=team_a, staff=staff).update(capacity=2)
    html = client_for(zone_a_leader).get(reverse("investment:team_detail", args=[team_a.pk])).content.decode()
    row = re.search(rf"<tr><td>{staff.name}.*?</tr>", html, re.S).group(0)
    assert "超出容量" in row and "data-over-capacity" in row and "已满" not in row
    assert re.search(r">3</span> / 2", row), row
    assert Lead.objects.filter(pk__in=[x.pk for x in held], owner=staff, is_active=True).count() == 3
    with pytest.raises(DomainError, match="容量上限"):
        new_lead(officer, team_a, name="新来线索机械有限公司", industry="34", owner=staff)

    TeamMember.objects.filter(team=team_a, staff=staff).update(capacity=3)
    html = client_for(zone_a_leader).get(reverse("investment:team_detail", args=[team_a.pk])).content.decode()
    row = re.search(rf"<tr><td>{staff.name}.*?</tr>", html, re.S).group(0)
    assert "已满" in row and "超出容量" not in row
