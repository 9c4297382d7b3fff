"""Removing an identity link (people.person_unlink_identity) ends the account's sessions and API tokens."""

from __future__ import annotations

import pytest

from devzone.core.choices import Role
from devzone.core.models import AuditEvent
from devzone.core.services import people as svc
from devzone.core.services.tokens import token_authenticate, token_create
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
ISSUER = "https://sso.example.gov.cn/o"


@pytest.fixture
def sso(settings):
    settings.DEVZONE_OIDC_ISSUER = ISSUER
    return settings


@pytest.fixture
def clerk(zone_a_leader, zone_a, zone_a_department):
    f.StaffFactory(zone=zone_a, department=zone_a_department, name="窗口小李", employee_no="JB0101")
    person, _link = svc.person_create(
        actor=zone_a_leader, username="xiaoli", display_name="", role=Role.WINDOW_CLERK, staff_no="JB0101"
    )
    return person


def test_unlinking_an_identity_revokes_the_tokens_made_through_it(sso, zone_a_leader, clerk):
    """An identity linked by mistake (or taken over at the province's platform) logs in through single sign-on
    and makes a personal API token; the leader removes the link: the sessions end, but the token keeps working
    for up to DEVZONE_TOKEN_MAX_DAYS. Every other credential change (role, password, second factor, deactivate)
    revokes tokens through ``end_access``."""
    link = svc.person_link_identity(actor=zone_a_leader, profile=clerk, subject="u-1001", reason="入职开通")
    _token, raw = token_create(actor=clerk.user, name="脚本", days_valid=30)
    assert token_authenticate(raw) is not None
    svc.person_unlink_identity(actor=zone_a_leader, profile=clerk, link=link, reason="关联错了人")
    assert token_authenticate(raw) is None, "the token made under the removed identity still opens the API"
    note = AuditEvent.objects.filter(object_id=str(clerk.pk)).order_by("-id").first().note
    assert "撤销API令牌1个" in note, note
