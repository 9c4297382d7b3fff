"""The pages as a zone leader uses them: every list with filters and pagination, create and edit forms end to
end, Chinese error messages that change nothing, the language switch, and a constant number of queries per
list page whatever the number of rows (no N+1)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devzone.core import models as m
from devzone.core.choices import AuditAction, EmploymentType, ProjectPhase, Rank, ZoneLevel
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db

ENTITIES = ["zone", "area", "department", "post", "staff", "enterprise", "project"]


def make_rows(entity: str, zone, n: int, special: bool = False) -> list:
    """``n`` rows of ``entity`` in ``zone`` (zones: in its city) with every relation a list column shows;
    ``special`` rows are the ones the entity's filter in FILTERS selects."""
    rows = []
    for _ in range(n):
        if entity == "zone":
            rows.append(
                f.ZoneFactory(
                    city=zone.city,
                    level=ZoneLevel.NATIONAL if special else ZoneLevel.PROVINCIAL,
                    merged_into=zone,
                )
            )
        elif entity == "area":
            rows.append(f.AreaFactory(zone=zone, kind="city" if special else "park"))
        elif entity == "department":
            rows.append(
                f.DepartmentFactory(
                    zone=zone,
                    abolished_on=dt.date(2024, 1, 1) if special else None,
                    established_on=dt.date(2020, 1, 1),
                )
            )
        elif entity == "post":
            rows.append(f.PostFactory(zone=zone, rank=Rank.DIVISION if special else Rank.STAFF))
        elif entity == "staff":
            post = f.PostFactory(zone=zone)
            kind = EmploymentType.ESTABLISHMENT if special else EmploymentType.CONTRACT
            rows.append(
                f.StaffFactory(zone=zone, department=post.department, post=post, employment_type=kind)
            )
        elif entity == "enterprise":
            rows.append(f.EnterpriseFactory(zone=zone, foreign_invested=special))
        elif entity == "project":
            phase = ProjectPhase.CONSTRUCTING if special else ProjectPhase.SIGNED
            rows.append(f.ProjectFactory(zone=zone, area=f.AreaFactory(zone=zone), phase=phase))
    return rows


# entity -> the filter the special rows match
FILTERS = {
    "zone": {"level": "national"},
    "area": {"kind": "city"},
    "department": {"status": "abolished"},
    "post": {"rank": "division"},
    "staff": {"employment_type": "establishment"},
    "enterprise": {"foreign_invested": "true"},
    "project": {"phase": "constructing"},
}


@pytest.fixture
def viewer(request, zone_a_leader, city_officer):
    """Who looks at an entity's list: the zone leader, except for zones (a leader sees one zone only)."""
    return city_officer if request.node.callspec.params["entity"] == "zone" else zone_a_leader


def list_url(entity):
    return reverse(f"core:{entity}_list")


def page_rows(response) -> list:
    return [obj for obj, _values in response.context["rows"]]


# --- lists ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("entity", ENTITIES)
def test_every_list_page_filters_and_paginates(client_for, viewer, zone_a, entity):
    plain = make_rows(entity, zone_a, 24)
    special = make_rows(entity, zone_a, 6, special=True)
    expected_total = len(plain) + len(special) + (1 if entity == "zone" else 0)  # zone A itself
    c = client_for(viewer)

    first = c.get(list_url(entity))
    assert first.status_code == 200
    assert first.context["page"].paginator.count == expected_total
    assert len(page_rows(first)) == 25
    assert "page=2" in first.content.decode()
    second = c.get(list_url(entity), {"page": 2})
    assert len(page_rows(second)) == expected_total - 25
    assert not {o.pk for o in page_rows(first)} & {o.pk for o in page_rows(second)}

    filtered = c.get(list_url(entity), FILTERS[entity])
    assert filtered.status_code == 200
    assert {o.pk for o in page_rows(filtered)} == {o.pk for o in special}
    searched = c.get(list_url(entity), FILTERS[entity] | {"q": special[0].name})
    assert [o.pk for o in page_rows(searched)] == [special[0].pk]

    # out-of-range and nonsense pages and filter values still answer
    assert c.get(list_url(entity), {"page": 999}).status_code == 200
    assert c.get(list_url(entity), {"page": "abc"}).status_code == 200
    bad = c.get(list_url(entity), {next(iter(FILTERS[entity])): "nonsense"})
    assert bad.status_code == 200
    if entity == "enterprise":  # a yes/no filter reads nonsense as "all"
        assert bad.context["page"].paginator.count == expected_total
    else:
        assert bad.context["filter"].errors


def test_pagination_links_keep_the_filter(client_for, zone_a_leader, zone_a):
    make_rows("staff", zone_a, 27, special=True)
    html = (
        client_for(zone_a_leader)
        .get(list_url("staff"), {"employment_type": "establishment"})
        .content.decode()
    )
    assert 'href="?employment_type=establishment&page=2"' in html.replace("&amp;", "&")


@pytest.mark.parametrize("entity", ENTITIES)
def test_list_pages_use_a_constant_number_of_queries(client_for, viewer, zone_a, entity):
    c = client_for(viewer)
    c.get(list_url(entity))  # warm the session and the per-process caches
    make_rows(entity, zone_a, 5)
    with CaptureQueriesContext(connection) as five:
        assert c.get(list_url(entity)).status_code == 200
    make_rows(entity, zone_a, 45)
    with CaptureQueriesContext(connection) as fifty:
        response = c.get(list_url(entity))
    assert len(page_rows(response)) == 25  # a full page is rendered
    assert len(fifty) == len(five), "\n".join(q["sql"] for q in fifty.captured_queries)


def test_a_list_page_reads_only_the_columns_it_shows(client_for, zone_a_leader, zone_a):
    rows = make_rows("project", zone_a, 3)
    with CaptureQueriesContext(connection) as seen:
        html = client_for(zone_a_leader).get(list_url("project")).content.decode()
    statements = [q["sql"] for q in seen.captured_queries]
    [listed] = [s for s in statements if s.startswith('SELECT "core_project"."id"')]
    assert '"core_project"."name"' in listed and '"core_project"."created_at"' not in listed
    [enterprises] = [s for s in statements if 'FROM "core_enterprise"' in s]
    assert enterprises.startswith('SELECT "core_enterprise"."id", "core_enterprise"."name" FROM')
    assert all(row.name in html and row.enterprise.name in html for row in rows)


# --- create and edit, end to end -------------------------------------------------------------------------
def test_creating_a_staff_member_through_the_form(client_for, zone_a_leader, zone_a):
    dept = f.DepartmentFactory(zone=zone_a, name="投资促进部")
    post = f.PostFactory(zone=zone_a, department=dept, name="招商专员")
    data = {
        "employee_no": "JB0100",
        "name": "赵敏",
        "gender": "female",
        "birth_date": "1993-08-12",
        "education": "master",
        "employment_type": "contract",
        "rank": "staff",
        "department": dept.pk,
        "post": post.pk,
        "hired_on": "2021-09-01",
        "phone": "13912345678",
        "is_active": "on",
    }
    response = client_for(zone_a_leader).post(reverse("core:staff_create"), data)
    member = m.Staff.objects.get(employee_no="JB0100")
    assert response.status_code == 302
    assert response["Location"] == member.get_absolute_url()
    assert (member.zone, member.department, member.post, member.birth_date) == (
        zone_a,
        dept,
        post,
        dt.date(1993, 8, 12),
    )
    event = m.AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(member.pk))
    assert event.actor == zone_a_leader
    detail = client_for(zone_a_leader).get(response["Location"])
    assert "赵敏" in detail.content.decode() and "投资促进部" in detail.content.decode()


def test_creating_an_enterprise_and_its_project(client_for, zone_a_leader, zone_a):
    c = client_for(zone_a_leader)
    code = f.credit_code_for(777)
    response = c.post(
        reverse("core:enterprise_create"),
        {
            "name": "济南新材料有限公司",
            "credit_code": code.lower(),
            "industry": "26",
            "registered_capital": "5000",
        },
    )
    assert response.status_code == 302
    enterprise = m.Enterprise.objects.get(name="济南新材料有限公司")
    assert enterprise.credit_code == code  # normalized to upper case
    assert enterprise.zone == zone_a
    response = c.post(
        reverse("core:project_create"),
        {
            "name": "新材料一期",
            "enterprise": enterprise.pk,
            "industry": "26",
            "project_code": "2412-370829-04-01-158696",
            "total_investment": "35000",
            "phase": "signed",
            "signed_on": "2025-03-18",
        },
    )
    assert response.status_code == 302
    project = m.Project.objects.get(name="新材料一期")
    assert (project.zone, project.enterprise, project.total_investment) == (
        zone_a,
        enterprise,
        Decimal("35000"),
    )
    assert project.has_verified_code


def test_editing_a_staff_member_records_the_change(client_for, zone_a_leader, zone_a):
    member = f.StaffFactory(zone=zone_a, name="钱进", phone="")
    c = client_for(zone_a_leader)
    form = c.get(reverse("core:staff_edit", args=[member.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "phone": "13700000000",
        "seen": member.updated_at.isoformat(),
        "birth_date": "1990-05-01",
        "hired_on": "2015-03-01",
        "is_active": "on",
    }
    response = c.post(reverse("core:staff_edit", args=[member.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    member.refresh_from_db()
    assert member.phone == "13700000000"
    event = m.AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(member.pk))
    assert event.changes == {"phone": ["", "13700000000"]}


def test_an_edit_of_a_stale_copy_is_refused_with_a_message(client_for, zone_a_leader, zone_a):
    member = f.StaffFactory(zone=zone_a, name="孙立")
    stale = member.updated_at.isoformat()
    member.phone = "13600000000"
    member.save()  # someone else saved in between
    data = {
        "employee_no": member.employee_no,
        "name": "孙立改",
        "gender": member.gender,
        "birth_date": "1990-05-01",
        "education": member.education,
        "employment_type": member.employment_type,
        "rank": member.rank,
        "department": member.department_id,
        "hired_on": "2015-03-01",
        "phone": "13600000000",
        "seen": stale,
    }
    response = client_for(zone_a_leader).post(reverse("core:staff_edit", args=[member.pk]), data)
    assert response.status_code == 200
    assert "该记录已被他人修改，请刷新后重试" in response.content.decode()
    assert m.Staff.objects.get(pk=member.pk).name == "孙立"


# --- Chinese error messages on bad input -----------------------------------------------------------------
def enterprise_form(**over):
    return {"name": "错误企业", "credit_code": f.credit_code_for(31), "industry": "39"} | over


@pytest.mark.parametrize(
    ("url_name", "data", "field", "message"),
    [
        (
            "core:enterprise_create",
            enterprise_form(credit_code="91350100M000100Y4Z"),
            "credit_code",
            "统一社会信用代码含有不允许的字符：Z",
        ),
        (
            "core:enterprise_create",
            enterprise_form(credit_code="91110108717809965C"),
            "credit_code",
            "统一社会信用代码校验位（第18位）错误",
        ),
        (
            "core:enterprise_create",
            enterprise_form(credit_code="9135"),
            "credit_code",
            "统一社会信用代码应为18位",
        ),
        (
            "core:department_create",
            {"name": "负员额部门", "kind": "general", "headcount_quota": "-3", "order": 0},
            "headcount_quota",
            "员额不能为负数",
        ),
        (
            "core:department_create",
            {
                "name": "倒序部门",
                "kind": "general",
                "headcount_quota": 1,
                "order": 0,
                "established_on": "2024-01-01",
                "abolished_on": "2023-01-01",
            },
            "abolished_on",
            "撤销日期须晚于设立日期",
        ),
        ("core:enterprise_create", enterprise_form(name=""), "name", "这个字段是必填项"),
    ],
)
def test_bad_input_shows_a_chinese_message_and_saves_nothing(
    client_for, zone_a_leader, url_name, data, field, message
):
    c = client_for(zone_a_leader)
    before = (m.Enterprise.objects.count(), m.Department.objects.count(), m.AuditEvent.objects.count())
    response = c.post(reverse(url_name), data)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert message in response.content.decode()
    assert (
        m.Enterprise.objects.count(),
        m.Department.objects.count(),
        m.AuditEvent.objects.count(),
    ) == before


def test_a_duplicate_credit_code_is_refused_in_chinese(client_for, zone_a_leader, enterprise_a):
    c = client_for(zone_a_leader)
    response = c.post(
        reverse("core:enterprise_create"), enterprise_form(credit_code=enterprise_a.credit_code)
    )
    assert response.status_code == 200
    errors = " ".join(e for msgs in response.context["form"].errors.values() for e in msgs)
    assert "已登记该统一社会信用代码" in errors, errors
    assert m.Enterprise.objects.filter(credit_code=enterprise_a.credit_code).count() == 1


def test_a_bad_project_code_is_refused_in_chinese(client_for, zone_a_leader, enterprise_a):
    data = {
        "name": "坏代码项目",
        "enterprise": enterprise_a.pk,
        "industry": "13",
        "total_investment": "100",
        "phase": "signed",
    }
    c = client_for(zone_a_leader)
    for code, message in [
        ("2412-370829-04-01-158697", "项目代码校验位（最后一位）错误"),
        ("2412-370829", "项目代码格式应为"),
        ("2413-370829-04-01-158696", "项目代码中的月份无效"),
    ]:
        response = c.post(reverse("core:project_create"), data | {"project_code": code})
        assert response.status_code == 200
        assert any(message in e for e in response.context["form"].errors["project_code"]), code
    response = c.post(reverse("core:project_create"), data | {"total_investment": "-5"})
    assert "total_investment" in response.context["form"].errors
    assert not m.Project.objects.exists()


def test_a_department_of_another_zone_posted_by_id_is_refused(client_for, zone_a_leader, zone_a, zone_b):
    foreign = f.DepartmentFactory(zone=zone_b, name="乙区部门")
    data = {
        "employee_no": "JB0200",
        "name": "越界",
        "gender": "male",
        "birth_date": "1990-01-01",
        "education": "master",
        "employment_type": "contract",
        "rank": "staff",
        "department": foreign.pk,
        "hired_on": "2020-01-01",
    }
    response = client_for(zone_a_leader).post(reverse("core:staff_create"), data)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.context["form"].errors["department"][0]
    assert "乙区部门" not in response.content.decode()  # not even offered as a choice
    assert not m.Staff.objects.exists()


# --- language -------------------------------------------------------------------------------------------
CATALOG = Path(settings.BASE_DIR) / "devzone" / "locale" / "en" / "LC_MESSAGES" / "django.mo"


def test_chinese_is_the_default_language(client_for, zone_a_leader):
    html = client_for(zone_a_leader).get(list_url("staff"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "工作人员" in html


def test_the_language_switch_makes_pages_english(client_for, zone_a_leader):
    assert CATALOG.exists(), "compile the catalogs first: make messages"
    c = client_for(zone_a_leader)
    response = c.post(reverse("set_language"), {"language": "en", "next": list_url("staff")})
    assert response.status_code == 302 and response["Location"] == list_url("staff")
    html = c.get(list_url("staff")).content.decode()
    assert '<html lang="en">' in html
    assert "<title>Staff" in html
    assert ">Filter<" in html and ">Add<" in html
    bad = c.post(reverse("core:department_create"), {"name": "x", "kind": "general", "headcount_quota": "-1"})
    assert "The headcount quota cannot be negative" in bad.content.decode()
    # and back
    c.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-hans">' in c.get(list_url("staff")).content.decode()


def test_the_login_page_speaks_the_chosen_language(client):
    assert CATALOG.exists(), "compile the catalogs first: make messages"
    assert "登录" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html


def test_an_unknown_language_falls_back_to_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="zh-hans">' in client.get(reverse("login")).content.decode()


def test_a_zones_leading_industries_are_saved_audited_and_shown_by_name(client_for, zone_a_leader, zone_a):
    c = client_for(zone_a_leader)
    base = {"name": zone_a.name, "level": zone_a.level, "operator": zone_a.operator}
    r = c.post(reverse("core:zone_edit", args=[zone_a.pk]), base | {"leading_industries": ["13", "14"]})
    assert r.status_code == 302
    assert sorted(zone_a.leading_industries.values_list("pk", flat=True)) == ["13", "14"]
    page = c.get(reverse("core:zone_detail", args=[zone_a.pk])).content.decode()
    names = [str(m.Industry.objects.get(pk=pk)) for pk in ("13", "14")]
    assert "、".join(names) in page  # on the detail page, and in the readable audit trail below it
    assert page.count(names[0]) >= 2


def test_detail_pages_link_to_the_other_modules_pages_of_the_same_row(client_for, zone_a_leader, zone_a):
    enterprise = f.EnterpriseFactory(zone=zone_a)
    plain = f.ProjectFactory(zone=zone_a, enterprise=enterprise, is_key=False)
    key = f.ProjectFactory(zone=zone_a, enterprise=enterprise, is_key=True)
    c = client_for(zone_a_leader)
    page = c.get(reverse("core:enterprise_detail", args=[enterprise.pk])).content.decode()
    assert reverse("services:enterprise_file", args=[enterprise.pk]) in page
    page = c.get(reverse("core:project_detail", args=[plain.pk])).content.decode()
    assert reverse("approvals:project_path", args=[plain.pk]) in page
    assert reverse("projects:project_detail", args=[plain.pk]) not in page  # not a key project: no timetable
    page = c.get(reverse("core:project_detail", args=[key.pk])).content.decode()
    assert reverse("projects:project_detail", args=[key.pk]) in page


def test_the_navigation_marks_the_module_of_the_page(client_for, zone_a_leader):
    page = client_for(zone_a_leader).get(reverse("projects:portfolio")).content.decode()
    assert f'<li class="nav-item active"><a class="nav-link" href="{reverse("projects:home")}"' in page
    assert page.count('aria-current="page"') == 1


def test_the_menu_drawn_once_is_each_roles_own_in_each_language_and_module(
    client_for, zone_a_leader, enterprise_user
):
    leader = client_for(zone_a_leader)
    investment = reverse("investment:home")
    assert investment in leader.get(reverse("core:calendar")).content.decode()
    company = client_for(enterprise_user).get(reverse("core:calendar")).content.decode()
    assert investment not in company and "本企业" in company  # not the leader's menu, drawn before it
    leader.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = leader.get(reverse("core:calendar")).content.decode()
    assert "Investment" in english and "大招商" not in english
    marked = leader.get(reverse("projects:portfolio")).content.decode()
    assert f'<li class="nav-item active"><a class="nav-link" href="{reverse("projects:home")}"' in marked


def test_messages_are_grouped_by_kind_with_counts_and_read_by_kind(client_for, zone_a_leader):
    from devzone.core.models import Notification
    from devzone.core.notify import notify

    for n in range(30):
        notify([zone_a_leader], kind="investment.report", title=f"进展报告到期：线索{n}", key=f"r{n}")
    notify([zone_a_leader], kind="approvals.escalate", title="办件超期：甲", key="e1")
    c = client_for(zone_a_leader)
    page = c.get(reverse("core:notifications")).content.decode()
    assert 'data-group="investment.report"' in page and "进展报告到期</span>" in page
    assert 'data-group="approvals.escalate"' in page and "办件超期升级" in page
    reports = c.get(reverse("core:notifications"), {"kind": "investment.report"}).content.decode()
    assert reports.count("进展报告到期：线索") == 25  # one page of the group, not a wall of every notice
    only = c.get(reverse("core:notifications"), {"kind": "approvals.escalate"}).content.decode()
    assert "办件超期：甲" in only and "进展报告到期：线索" not in only
    c.post(reverse("core:notifications_read"), {"kind": "investment.report"})
    unread = Notification.objects.filter(user=zone_a_leader, read_at__isnull=True)
    assert list(unread.values_list("kind", flat=True)) == ["approvals.escalate"]


def test_drop_downs_offer_a_readable_empty_choice(client_for, zone_a_leader):
    page = client_for(zone_a_leader).get(reverse("core:staff_create")).content.decode()
    assert "---------" not in page and "请选择" in page


def test_the_header_names_the_zones_authority(client_for, zone_a_leader, zone_a):
    page = client_for(zone_a_leader).get(reverse("dashboard:home")).content.decode()
    assert f"{zone_a.name}管理委员会" in page.split("data-brand>", 1)[1][:200]
    zone_a.operator, zone_a.operating_company = "company", "济南钢城产业发展有限公司"
    zone_a.save()
    page = client_for(zone_a_leader).get(reverse("dashboard:home")).content.decode()
    assert "济南钢城产业发展有限公司" in page.split("data-brand>", 1)[1][:200]


def test_a_city_user_cannot_create_a_post_under_another_zones_department(
    client_for, sysadmin, zone_a, zone_b
):
    other = f.DepartmentFactory(zone=zone_b)
    data = {"zone": zone_a.pk, "department": other.pk, "name": "招商专员", "rank": "staff"}
    data |= {"value_coefficient": "1.0", "headcount": "1"}
    r = client_for(sysadmin).post("/core/post/new/", data)
    assert r.status_code == 200
    assert "所选项不属于该开发区" in str(r.context["form"].errors["department"])
    assert not m.Post.objects.filter(name="招商专员").exists()
