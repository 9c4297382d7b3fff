"""我的工作台: each role's home starts with its own work, counted from its own reach and linked to the list of
exactly those rows; zone totals below for staff, none for an enterprise; the city compares its zones."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.approvals.choices import Status
from devzone.core.choices import Role
from devzone.projects.choices import Colour
from devzone.services.services import ratings as rating_svc
from devzone.testing import factories as f
from devzone.testing.approvals import ItemFactory, accepted, submit
from devzone.testing.projects import TODAY, build_cast, key, problem
from devzone.testing.services import A_MARK, build_side


def desk_of(client) -> dict:
    page = client.get(reverse("dashboard:home"))
    assert page.status_code == 200
    return {e.key: e for e in page.context["desk"]}, page


@pytest.mark.isolation
def test_the_leader_sees_the_own_zones_red_projects_and_overdue_problems_only(
    client_for, zone_a, zone_a_leader, zone_b, zone_b_leader
):
    a = build_cast(zone_a, "甲", leader=zone_a_leader)
    b = build_cast(zone_b, "乙", leader=zone_b_leader)
    for cast in (a, b):
        kp = key(cast)
        kp.status = Colour.RED
        kp.save(update_fields=["status"])
        problem(cast, on=TODAY)  # five working days after 2025-06-16: overdue by today
    desk, page = desk_of(client_for(zone_a_leader))
    assert desk["projects.red"].count == 1
    assert desk["projects.overdue_problems"].count == 1
    assert desk["investment.stale"].count == 0
    html = page.content.decode()
    assert reverse("projects:portfolio") + "?status=red" in html
    assert page.context["cards"]["key_projects"] == 1  # zone B's key project is not counted
    assert "乙项目" not in html
    # the problem list behind the count holds exactly that one problem
    listed = client_for(zone_a_leader).get(desk["projects.overdue_problems"].url)
    assert "施工用电未接入" in listed.content.decode()


def test_the_reviewer_lands_on_the_own_queue_with_both_clocks(client_for, zone_a, zone_b):
    a = build_cast(zone_a, "甲")
    b = build_cast(zone_b, "乙")
    for cast in (a, b):
        clerk = f.user_with_role(Role.WINDOW_CLERK, zone=cast.zone)
        item = ItemFactory(zone=cast.zone, name=f"{cast.enterprise.name[0]}施工许可")
        accepted(cast.company, clerk, cast.officer, cast.project, item)
    desk, page = desk_of(client_for(a.officer))
    queue = desk["approvals.queue"]
    assert queue.count == 1
    assert queue.url == reverse("approvals:queue")
    [row] = queue.rows
    assert row.label.startswith("甲施工许可")
    assert "承诺" in row.note and "法定" in row.note  # both clocks, the promise and the law
    assert "乙施工许可" not in page.content.decode()
    assert "cards" in page.context  # the zone's totals stay below the desk


def test_the_clerk_sees_the_files_to_accept(client_for, zone_a):
    a = build_cast(zone_a, "甲")
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a)
    submit(a.company, a.project, [ItemFactory(zone=zone_a), ItemFactory(zone=zone_a)])
    desk, _ = desk_of(client_for(clerk))
    assert desk["approvals.queue"].label == "待受理办件"
    assert desk["approvals.queue"].count == 2


def test_the_enterprise_sees_its_supplement_requests_and_no_zone_totals(client_for, zone_a):
    from devzone.approvals.services.intake import application_request_supplement

    a = build_cast(zone_a, "甲")
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a)
    app = submit(a.company, a.project, [ItemFactory(zone=zone_a, name="规划许可")]).applications.get()
    application_request_supplement(actor=clerk, application=app, missing="营业执照副本", on=app.submitted_on)
    desk, page = desk_of(client_for(a.company))
    assert desk["approvals.supplement"].count == 1
    assert desk["approvals.supplement"].rows[0].url == app.get_absolute_url()
    assert "cards" not in page.context
    listed = client_for(a.company).get(desk["approvals.supplement"].url)
    assert [r.pk for r, _ in listed.context["rows"]] == [app.pk]
    assert app.__class__.objects.get(pk=app.pk).status == Status.SUPPLEMENT


def test_the_agent_sees_own_projects_visits_due_and_problems(client_for, zone_a):
    a = build_cast(zone_a, "甲")
    key(a)
    problem(a, on=TODAY)
    desk, _ = desk_of(client_for(a.agent))
    assert desk["projects.mine"].count == 1
    assert desk["projects.visits_due"].count == 1  # the first visit fell due long before today
    assert desk["projects.problems"].count == 1
    listed = client_for(a.agent).get(desk["projects.visits_due"].url)
    assert "甲项目" in listed.content.decode()


def test_the_city_compares_its_zones_and_drills_into_one(client_for, city_officer, zone_a, zone_b):
    for zone, n in ((zone_a, 2), (zone_b, 1)):
        for _ in range(n):
            f.ProjectFactory(zone=zone)
    client = client_for(city_officer)
    _, page = desk_of(client)
    rows = {r["zone"].pk: r["projects"] for r in page.context["per_zone"]}
    assert rows == {zone_a.pk: 2, zone_b.pk: 1}
    client.post(reverse("core:switch_zone"), {"zone": zone_b.pk, "next": "/"})
    _, page = desk_of(client)
    assert "per_zone" not in page.context  # one zone picked: its own figures
    assert page.context["cards"]["projects"] == 1


def test_the_city_counts_a_merged_zones_key_projects_and_files_in_the_zone_it_joined(
    client_for, city_officer, zone_a, zone_b
):
    import datetime as dt

    from devzone.core.services.zones import zone_merge

    b = build_cast(zone_b, "乙")
    kp = key(b)
    kp.status = Colour.RED
    kp.save(update_fields=["status"])
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_b)
    accepted(b.company, clerk, b.officer, b.project, ItemFactory(zone=zone_b))
    client = client_for(city_officer)

    def figures() -> dict:
        _, page = desk_of(client)
        return {
            r["zone"].pk: (r["projects"], r["key"], r["red"], r["open_files"])
            for r in page.context["per_zone"]
        }

    assert figures() == {zone_a.pk: (0, 0, 0, 0), zone_b.pk: (1, 1, 1, 1)}
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=dt.date(2025, 12, 1))
    assert figures() == {zone_a.pk: (1, 1, 1, 1)}  # the key project and the file stay on zone B's rows


def test_drilling_into_a_zone_shows_the_rows_its_comparison_row_counted_from_merged_zones(
    client_for, city_officer, zone_a, zone_b
):
    """The comparison row of the zone another joined counts the merged zone's key project and file; picked in the
    switcher (the row's link), that zone's desk and lists show the same ones."""
    import datetime as dt

    from devzone.core.services.zones import zone_merge

    b = build_cast(zone_b, "乙")
    kp = key(b)
    kp.status = Colour.RED
    kp.save(update_fields=["status"])
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_b)
    accepted(b.company, clerk, b.officer, b.project, ItemFactory(zone=zone_b))
    zone_c = f.ZoneFactory(city=zone_a.city, name="丙开发区")
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=dt.date(2025, 12, 1))
    client = client_for(city_officer)
    _, page = desk_of(client)
    row = next(r for r in page.context["per_zone"] if r["zone"].pk == zone_a.pk)
    assert (row["red"], row["open_files"]) == (1, 1)
    client.post(reverse("core:switch_zone"), {"zone": zone_a.pk, "next": "/"})
    desk, _ = desk_of(client)
    red = client.get(desk["projects.red"].url).context["page"].paginator.count
    queue = client.get(reverse("approvals:queue")).context["page"].paginator.count
    assert (desk["projects.red"].count, red, queue) == (1, 1, 1)
    client.post(reverse("core:switch_zone"), {"zone": zone_c.pk, "next": "/"})  # another zone: none of them
    desk, _ = desk_of(client)
    assert desk["projects.red"].count == 0
    assert client.get(reverse("approvals:queue")).context["page"].paginator.count == 0


def test_the_desk_reads_a_bounded_number_of_queries(client_for, zone_a, django_assert_max_num_queries):
    a = build_cast(zone_a, "甲")
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a)
    client = client_for(a.officer)

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("dashboard:home"))
        return len(ctx.captured_queries)

    accepted(a.company, clerk, a.officer, a.project, ItemFactory(zone=zone_a))
    few = queries()
    for _ in range(6):
        accepted(a.company, clerk, a.officer, a.project, ItemFactory(zone=zone_a))
    assert queries() == few  # five rows listed, whatever the queue's length


@pytest.fixture
def side_a(zone_a, zone_a_leader):
    return build_side(zone_a, A_MARK, zone_a_leader)


@pytest.mark.django_db
def test_the_department_heads_bad_ratings_link_lists_the_own_departments_only(client_for, side_a):

    rating_svc.rate(
        actor=side_a.company, kind="request", pk=side_a.request("answered").pk, level=1, comment="没解决"
    )
    app = side_a.application(granted=True)  # reviewed in 经济发展部, not the head's 综合服务部
    rating_svc.rate(actor=side_a.company, kind="application", pk=app.pk, level=1, comment="太慢")
    c = client_for(side_a.head)
    desk, _ = desk_of(c)
    entry = desk["services.department_followups"]
    assert entry.count == 1
    listed = c.get(entry.url).context["page"]
    assert [fu.rating.department_id for fu in listed] == [side_a.department.pk]


def test_a_candidate_is_not_shown_the_citys_zone_totals_as_zeros(client_for, city, zone_a):
    """A candidate (应聘人员, reach "self") signs in on the ordinary login page and lands here: the city's totals,
    every figure scoped to nothing, would read 开发区 0, 项目总投资 0 …; the desk shows their registrations instead
    (review: the page showed "全市开发区概况" in zeros and nothing of theirs)."""
    f.ProjectFactory(zone=zone_a)
    candidate = f.user_with_role(Role.CANDIDATE, city=city)
    desk, page = desk_of(client_for(candidate))
    assert "cards" not in page.context and "per_zone" not in page.context
    assert "全市开发区概况" not in page.content.decode()
    assert desk["personnel.mine"].url == reverse("personnel:my")


def test_the_enterprises_count_of_services_to_rate_is_not_capped_at_twenty(client_for, zone_a, zone_a_leader):
    """23 answered requests waiting for a rating are counted as 23 (review: the count was the length of a list
    kept to 20 of each kind), and only the first few are listed."""
    from devzone.core.desk import NEAREST

    side = build_side(zone_a, A_MARK, zone_a_leader)
    for _ in range(23):
        side.request("answered")
    desk, _ = desk_of(client_for(side.company))
    assert desk["services.to_rate"].count == 23
    assert len(desk["services.to_rate"].rows) == NEAREST
