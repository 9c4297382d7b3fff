"""Isolation of 大招商: another zone's rows answer 404 (pages and API) and never appear in lists or figures; an
officer of another team is as far from a lead as another zone; in reach without the right answers 403 (city
officers read, they do not write); enterprise users and other roles have no 大招商 at all."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.investment import services as svc
from devzone.investment.models import Activity, Contract, InvestmentTeam, Lead
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, lead_form

pytestmark = pytest.mark.django_db
B = "乙侧"


@pytest.fixture
def world(officer, team_a, lead_a, officer_b, team_b, lead_b, zone_b_leader):
    """Zone A and zone B, each with a team, a lead, an activity met at and a signed contract."""
    act_a = svc.activity_create(
        actor=officer, team=team_a, kind="fair", title="甲展会", on=TODAY, leads=[lead_a]
    )
    act_b = svc.activity_create(
        actor=officer_b, team=team_b, kind="fair", title=f"{B}展会", on=TODAY, leads=[lead_b]
    )
    con_a = svc.contract_sign(
        actor=officer,
        lead=lead_a,
        project_name="甲项目",
        contract_investment=Decimal("30000"),
        signed_on=TODAY,
    )
    lead_b.credit_code = f.credit_code_for(4343)
    con_b = svc.contract_sign(
        actor=officer_b,
        lead=lead_b,
        project_name=f"{B}项目",
        contract_investment=Decimal("90000"),
        signed_on=TODAY,
    )
    return {"a": (team_a, lead_a, act_a, con_a), "b": (team_b, lead_b, act_b, con_b)}


def pk_pages(team, lead, act, con):
    return [
        reverse("investment:lead_detail", args=[lead.pk]),
        reverse("investment:lead_edit", args=[lead.pk]),
        reverse("investment:contract_create", args=[lead.pk]),
        reverse("investment:contract_detail", args=[con.pk]),
        reverse("investment:activity_detail", args=[act.pk]),
        reverse("investment:team_detail", args=[team.pk]),
        reverse("investment:team_edit", args=[team.pk]),
    ]


def test_pages_with_a_pk_are_404_for_another_zones_rows(client_for, world, zone_a_leader):
    c = client_for(zone_a_leader)
    for url in pk_pages(*world["a"]):
        assert c.get(url).status_code == 200, url
    for url in pk_pages(*world["b"]):
        r = c.get(url)
        assert r.status_code == 404, url
        assert B not in r.content.decode()


def test_posts_to_another_zones_rows_are_404_and_change_nothing(client_for, world, zone_a_leader):
    team, lead, act, con = world["b"]
    c = client_for(zone_a_leader)
    lead.refresh_from_db()
    version = lead.version
    for action in (
        "move",
        "lose",
        "reopen",
        "assign",
        "record",
        "request_exception",
        "approve_exception",
        "merge",
    ):
        url = reverse("investment:lead_action", args=[lead.pk, action])
        assert (
            c.post(url, {"target": "aware", "on": TODAY.isoformat(), "reason": "x", "text": "x"}).status_code
            == 404
        )
    assert (
        c.post(reverse("investment:lead_absorb", args=[lead.pk]), {"contact_name": "改"}).status_code == 404
    )
    assert (
        c.post(reverse("investment:contract_funds", args=[con.pk]), {"funds_arrived": "1"}).status_code == 404
    )
    assert c.post(reverse("investment:team_add", args=[team.pk, "member"]), {}).status_code == 404
    lead.refresh_from_db()
    con.refresh_from_db()
    assert lead.version == version and con.funds_arrived == 0


def test_each_page_action_works_in_zone_a(client_for, world, zone_a_leader, officer):
    _team, lead, _act, con = world["a"]
    c = client_for(zone_a_leader)
    r = c.post(reverse("investment:contract_funds", args=[con.pk]), {"funds_arrived": "1200"})
    assert r.status_code == 302
    con.refresh_from_db()
    assert con.funds_arrived == Decimal("1200")
    r = client_for(officer).post(
        reverse("investment:lead_action", args=[lead.pk, "record"]), {"kind": "report", "text": "进展顺利"}
    )
    assert r.status_code == 302 and lead.logs.filter(kind="report").exists()


def test_lists_never_show_another_zones_rows(client_for, world, zone_a_leader):
    c = client_for(zone_a_leader)
    for name in ("lead_list", "contract_list", "team_list", "activity_list"):
        html = c.get(
            reverse(f"investment:{name}") + ("?view=all" if name == "lead_list" else "")
        ).content.decode()
        assert B not in html, name
    assert "甲项目" in c.get(reverse("investment:contract_list")).content.decode()
    assert (
        c.get(reverse("investment:activity_list") + f"?month={TODAY:%Y-%m}")
        .content.decode()
        .count("甲展会</a>")
        == 1
    )


def test_exports_hold_only_the_users_zone(client_for, world, zone_a_leader):
    from io import BytesIO

    from openpyxl import load_workbook

    c = client_for(zone_a_leader)
    resp = c.get(reverse("investment:lead_export"))
    wb = load_workbook(BytesIO(resp.content))
    names = [row[0] for row in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert names == [world["a"][1].company_name]
    board = load_workbook(BytesIO(c.get(reverse("investment:leaderboard_export") + "?period=year").content))
    assert B not in str(list(board.worksheets[0].iter_rows(values_only=True)))
    assert c.get(reverse("investment:lead_import_template")).status_code == 200


def test_figures_funnel_and_leaderboard_count_only_the_users_zone(client_for, world, zone_a_leader):
    c = client_for(zone_a_leader)
    html = c.get(
        reverse("investment:figures") + f"?start={TODAY.year}-01-01&end={TODAY:%Y-%m-%d}"
    ).content.decode()
    assert 'data-figure="signed">1<' in html and "3亿元" in html and B not in html
    funnel = c.get(reverse("investment:funnel")).content.decode()
    assert 'data-figure="leads">1<' in funnel and B not in funnel
    board = c.get(reverse("investment:leaderboard") + f"?period=year&on={TODAY:%Y-%m-%d}").content.decode()
    assert "长三角小分队" in board and B not in board


def test_the_settings_pages_are_the_users_own_zone(client_for, world, zone_a_leader, zone_b, zone_a):
    c = client_for(zone_a_leader)
    html = c.get(reverse("investment:settings")).content.decode()
    assert "食品制造业" in html
    r = c.post(reverse("investment:industries"), {"industries": ["13", "14"]})
    assert r.status_code == 302
    assert sorted(zone_a.leading_industries.values_list("pk", flat=True)) == ["13", "14"]
    assert not zone_b.leading_industries.exists()
    r = c.post(reverse("investment:settings"), {"big_lead_wan": "5000"})  # incomplete form: refused, no 500
    assert r.status_code == 200


def test_an_officer_of_another_team_is_as_far_as_another_zone(client_for, world, officer2):
    _team, lead, _act, con = world["a"]
    c = client_for(officer2)
    assert c.get(reverse("investment:lead_detail", args=[lead.pk])).status_code == 404
    assert c.get(reverse("investment:contract_detail", args=[con.pk])).status_code == 404
    assert c.get(f"/api/v1/investment/leads/{lead.pk}").status_code == 404
    assert lead.company_name not in c.get(reverse("investment:lead_list") + "?view=all").content.decode()


def test_create_pages_write_only_into_the_users_own_zone_and_team(client_for, world, officer, zone_b):
    team_b = world["b"][0]
    c = client_for(officer)
    r = c.post(reverse("investment:lead_create"), lead_form(team_b, "越界食品有限公司"))
    assert r.status_code == 200 and "team" in r.context["form"].errors
    r = c.post(
        reverse("investment:activity_create"),
        {"kind": "visit", "title": "越界拜访", "team": team_b.pk, "on": TODAY.isoformat()},
    )
    assert r.status_code == 200
    assert not Lead.objects.filter(company_name="越界食品有限公司").exists()
    assert not Activity.objects.filter(title="越界拜访").exists()
    assert c.get(reverse("investment:lead_create")).status_code == 200
    assert c.get(reverse("investment:activity_create")).status_code == 200
    assert c.get(reverse("investment:lead_import")).status_code == 200


def test_the_city_officer_reads_both_zones_but_writes_nothing(client_for, world, city_officer):
    c = client_for(city_officer)
    _team, lead_b, _act, _con = world["b"]
    assert c.get(reverse("investment:lead_detail", args=[lead_b.pk])).status_code == 200
    for name in ("lead_create", "activity_create", "team_create", "lead_import"):
        assert c.get(reverse(f"investment:{name}")).status_code == 403, name
    assert c.post(
        reverse("investment:lead_action", args=[lead_b.pk, "move"]), {"target": "aware"}
    ).status_code in (
        302,
        403,
    )
    lead_b.refresh_from_db()
    assert lead_b.stage == "signed"
    assert c.get("/api/v1/investment/leads").json()["count"] == 2


def test_home_sends_each_role_to_its_work_and_others_get_403(
    client_for, world, zone_a_leader, zone_a, enterprise_user
):
    assert client_for(zone_a_leader).get(reverse("investment:home")).status_code == 302
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a, user__username="clerk_x")
    for user in (clerk, enterprise_user):
        c = client_for(user)
        assert c.get(reverse("investment:home")).status_code == 403
        assert c.get(reverse("investment:lead_list")).status_code == 403
        assert c.get(reverse("investment:funnel")).status_code == 403
    assert client_for(None).get(reverse("investment:lead_list")).status_code == 302


def test_team_pages_are_for_leaders_of_the_zone(client_for, world, zone_a_leader, officer, zone_a):
    c = client_for(zone_a_leader)
    r = c.post(
        reverse("investment:team_create"),
        {"name": "新小分队", "region": "成渝", "station_city": "成都", "order": 5, "is_active": "on"},
    )
    assert r.status_code == 302
    team = InvestmentTeam.objects.get(name="新小分队")
    assert team.zone == zone_a
    staff = f.StaffFactory(zone=zone_a)
    assert (
        c.post(
            reverse("investment:team_add", args=[team.pk, "member"]), {"staff": staff.pk, "capacity": 20}
        ).status_code
        == 302
    )
    assert team.members.filter(staff=staff).exists()
    assert (
        c.post(
            reverse("investment:team_add", args=[team.pk, "target"]),
            {
                "year": 2026,
                "contract_investment": "10000",
                "signed_projects": 2,
                "over_1_yi": 1,
                "over_10_yi": 0,
            },
        ).status_code
        == 302
    )
    assert client_for(officer).get(reverse("investment:team_edit", args=[team.pk])).status_code == 403


# --- the API ---------------------------------------------------------------------------------------------
API = "/api/v1/investment"


def test_api_lists_never_contain_another_zones_rows(client_for, world, zone_a_leader):
    c = client_for(zone_a_leader)
    for path in ("leads", "contracts", "activities", "teams"):
        body = c.get(f"{API}/{path}", {"page_size": 200}).json()
        assert body["count"] >= 1 and B not in json.dumps(body, ensure_ascii=False), path


def test_api_gets_are_404_for_another_zones_rows(client_for, world, zone_a_leader):
    c = client_for(zone_a_leader)
    team, lead, _act, con = world["b"]
    for path in (f"leads/{lead.pk}", f"leads/{lead.pk}/logs", f"contracts/{con.pk}", f"teams/{team.pk}"):
        assert c.get(f"{API}/{path}").status_code == 404, path
    team, lead, _act, con = world["a"]
    for path in (f"leads/{lead.pk}", f"leads/{lead.pk}/logs", f"contracts/{con.pk}", f"teams/{team.pk}"):
        assert c.get(f"{API}/{path}").status_code == 200, path


def test_each_api_operation_works_in_zone_a_and_is_404_in_zone_b(
    client_for, world, zone_a_leader, officer, team_a
):
    c = client_for(zone_a_leader)
    post = lambda url, body: c.post(f"{API}/{url}", json.dumps(body), content_type="application/json")  # noqa: E731
    fresh = post(
        "leads", {"company_name": "甲新食品有限公司", "industry": "14", "source": "fair", "team": team_a.pk}
    ).json()
    b_lead = world["b"][1]
    bodies = {
        "move": {"target": "aware", "on": TODAY.isoformat()},
        "assign": {"owner": None},
        "lose": {"reason": "暂缓"},
        "reopen": {"reason": "恢复"},
    }
    for op, body in bodies.items():
        assert post(f"leads/{fresh['id']}/{op}", body).status_code == 200, op
        assert post(f"leads/{b_lead.pk}/{op}", body).status_code == 404, op
    assert post(f"leads/{fresh['id']}/records", {"kind": "note", "text": "电话沟通"}).status_code == 201
    assert post(f"leads/{b_lead.pk}/records", {"kind": "note", "text": "x"}).status_code == 404
    off = post(
        "leads", {"company_name": "甲置业有限公司", "industry": "70", "source": "fair", "team": team_a.pk}
    ).json()
    r = client_for(officer).post(
        f"{API}/leads/{off['id']}/request_exception",
        json.dumps({"reason": "配套"}),
        content_type="application/json",
    )
    assert r.status_code == 200
    assert post(f"leads/{off['id']}/approve_exception", {"reason": "同意"}).json()["is_active"] is True
    assert post(f"leads/{b_lead.pk}/approve_exception", {"reason": "x"}).status_code == 404
    assert post(f"leads/{b_lead.pk}/request_exception", {"reason": "x"}).status_code == 404
    con_b = world["b"][3]
    assert post(f"contracts/{con_b.pk}/funds", {"funds_arrived": "1"}).status_code == 404
    assert post(f"contracts/{world['a'][3].pk}/funds", {"funds_arrived": "1"}).status_code == 200


def test_api_creates_cannot_name_another_zones_rows(client_for, world, zone_a_leader, team_a):
    c = client_for(zone_a_leader)
    post = lambda url, body: c.post(f"{API}/{url}", json.dumps(body), content_type="application/json")  # noqa: E731
    team_b, lead_b, _act_b, con_b = world["b"]
    r = post("leads", {"company_name": "越界有限公司", "industry": "14", "source": "fair", "team": team_b.pk})
    assert r.status_code == 400 and "team" in r.json()["errors"]
    r = post(
        "activities",
        {"team": team_a.pk, "kind": "visit", "title": "拜访", "on": TODAY.isoformat(), "leads": [lead_b.pk]},
    )
    assert r.status_code == 400 and "leads" in r.json()["errors"]
    r = post(
        "contracts",
        {
            "lead": lead_b.pk,
            "version": lead_b.version,
            "project_name": "越界",
            "contract_investment": "1",
            "signed_on": TODAY.isoformat(),
        },
    )
    assert r.status_code == 400 and "lead" in r.json()["errors"]
    r = post(
        "activities",
        {"team": team_a.pk, "kind": "visit", "title": "拜访", "on": TODAY.isoformat(), "leads": []},
    )
    assert r.status_code == 201
    assert Contract.objects.filter(project_name="越界").count() == 0


def test_api_figures_and_funnel_are_404_for_another_zone(
    client_for, world, zone_a_leader, zone_b, city_officer
):
    c = client_for(zone_a_leader)
    q = {"start": f"{TODAY.year}-01-01", "end": TODAY.isoformat()}
    assert c.get(f"{API}/figures", q).json()["signed"] == 1
    assert c.get(f"{API}/figures", q | {"zone": zone_b.pk}).status_code == 404
    assert c.get(f"{API}/funnel", {"zone": zone_b.pk}).status_code == 404
    assert c.get(f"{API}/leaderboard", {"zone": zone_b.pk}).status_code == 404
    assert c.get(f"{API}/funnel").json()["leads"] == 1
    assert c.get(f"{API}/leaderboard", {"on": TODAY.isoformat()}).json()["rows"][0]["label"] == "长三角小分队"
    city = client_for(city_officer)
    assert city.get(f"{API}/figures", q | {"zone": zone_b.pk}).json()["signed"] == 1  # the positive control
    assert city.get(f"{API}/funnel").status_code == 400  # which zone? asked, not guessed


def test_dates_in_the_future_and_bad_bodies_answer_4xx(client_for, world, zone_a_leader):
    c = client_for(zone_a_leader)
    lead = world["a"][1]
    r = c.post(f"{API}/leads/{lead.pk}/move", json.dumps({"target": "x"}), content_type="application/json")
    assert r.status_code == 422
    r = c.post(f"{API}/leads/{lead.pk}/move", "{not json", content_type="application/json")
    assert r.status_code in (400, 422)
