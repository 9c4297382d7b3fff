"""The agent's mobile number on the key-project pages: the enterprise whose project it is reads it in full, as a
tap-to-call link (the agent is its contact for the project, issue #19 of the UX review); zone staff follow the
personal-data rule of core.personal — in full for the agent, the zone's leader and the head of the agent's
department, masked for colleagues of other departments (issue 12); another enterprise reads it masked."""

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.projects import key

pytestmark = pytest.mark.django_db

PHONE, MASKED = "13622236828", "136****6828"


@pytest.fixture
def tracked(a):
    a.agent_staff.phone = PHONE
    a.agent_staff.save()
    key(a)
    return a


def test_the_agents_phone_is_full_for_the_agent_their_leader_and_department_head(client_for, tracked):
    a = tracked
    service_head_staff = f.StaffFactory(zone=a.zone, department=a.service, name="甲综合服务部部长")
    service_head = f.user_with_role(Role.DEPARTMENT_HEAD, zone=a.zone, staff=service_head_staff)
    url = reverse("projects:project_detail", args=[a.project.pk])
    for user in (a.agent, a.leader, service_head):
        html = client_for(user).get(url).content.decode()
        assert PHONE in html and MASKED not in html


def test_the_agents_phone_is_masked_for_other_departments(client_for, tracked):
    a = tracked
    url = reverse("projects:project_detail", args=[a.project.pk])
    for user in (a.officer, a.head):  # 经济发展部: another department than the agent's
        html = client_for(user).get(url).content.decode()
        assert MASKED in html and PHONE not in html and "tel:" not in html


def test_the_enterprise_whose_project_it_is_can_call_its_agent(client_for, tracked):
    a = tracked
    company = client_for(a.company)
    for url in (reverse("projects:mine"), reverse("projects:project_detail", args=[a.project.pk])):
        html = company.get(url).content.decode()
        assert f'<a href="tel:{PHONE}" data-agent-phone="full">{PHONE}</a>' in html, url
        assert MASKED not in html


def test_the_rule_reads_the_project_not_the_role(tracked):
    """An enterprise user of another enterprise (who could only meet the project through some other page) reads
    the number masked; the project's own enterprise in full; a city officer masked."""
    from devzone.projects import selectors
    from devzone.projects.models import KeyProject

    a = tracked
    t = KeyProject.objects.select_related("project", "agent").get(project=a.project)
    stranger = f.user_with_role(
        Role.ENTERPRISE_USER, enterprise=f.EnterpriseFactory(zone=a.zone), user__username="stranger"
    )
    city = f.user_with_role(Role.CITY_OFFICER, city=a.zone.city, user__username="city_officer_x")
    assert selectors.agent_phone(user=a.company, tracking=t) == (PHONE, True)
    assert selectors.agent_phone(user=a.leader, tracking=t) == (PHONE, True)
    assert selectors.agent_phone(user=stranger, tracking=t) == (MASKED, False)
    assert selectors.agent_phone(user=a.officer, tracking=t) == (MASKED, False)
    assert selectors.agent_phone(user=city, tracking=t) == (MASKED, False)
