"""The agent's mobile number on the key-project pages is staff personal data (core.personal): in full for the
agent, the zone's leader and the head of the agent's department, masked for everyone else — colleagues of
other departments and the enterprise's user (issue 12)."""

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


def test_the_agents_phone_is_masked_for_other_departments_and_the_enterprise(client_for, tracked):
    a = tracked
    url = reverse("projects:project_detail", args=[a.project.pk])
    for user in (a.officer, a.head):  # 经济发展部: another department than the agent's
        html = client_for(user).get(url).content.decode()
        assert MASKED in html and PHONE not in html
    html = client_for(a.company).get(reverse("projects:mine")).content.decode()
    assert MASKED in html and PHONE not in html
