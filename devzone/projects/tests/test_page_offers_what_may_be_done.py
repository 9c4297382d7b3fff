"""A key project's page offers its forms (investment figures, milestones, agent, visit cadence) only to those the
services let act: the city officer and the system administrator read the page and were offered forms that answer
403 (menus and pages show only what one may do)."""

import pytest
from django.urls import reverse

from devzone.testing.projects import key

pytestmark = pytest.mark.django_db
FORMS = (
    'data-form="plan"',
    'data-form="month"',
    'data-form="agent"',
    'data-form="cadence"',
    'data-form="milestone-',
)


def _page(client_for, user, a) -> str:
    r = client_for(user).get(reverse("projects:project_detail", args=[a.project.pk]))
    assert r.status_code == 200
    return r.content.decode()


def test_the_leader_is_offered_every_form(client_for, a):
    key(a)
    page = _page(client_for, a.leader, a)
    assert all(form in page for form in FORMS), [form for form in FORMS if form not in page]


@pytest.mark.parametrize("reader", ["city_officer", "sysadmin"])
def test_readers_are_offered_none(client_for, a, reader, request):
    key(a)
    page = _page(client_for, request.getfixturevalue(reader), a)
    assert not [form for form in FORMS if form in page]


def test_a_problems_page_offers_its_note_and_resolve_forms_only_to_those_who_work_on_it(
    client_for, a, zone_a
):
    """The responsible person (and their head, the agent, a leader) are offered 办理进展 and 解决; another member of
    staff of the zone reads the problem and is offered nothing the service would refuse."""
    from devzone.core.choices import Role
    from devzone.testing import factories as f
    from devzone.testing.projects import problem

    key(a)
    p = problem(a)
    url = reverse("projects:problem_detail", args=[p.pk])
    for worker in (a.officer, a.head, a.agent, a.leader):
        page = client_for(worker).get(url).content.decode()
        assert 'data-form="note"' in page and 'data-form="resolve"' in page
    bystander = f.staff_user(Role.REVIEWER, f.StaffFactory(zone=zone_a, department=a.service), "甲_bystander")
    response = client_for(bystander).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-form="note"' not in page and 'data-form="resolve"' not in page
