"""The follow-up scan's reminders are written in each recipient's language (Profile.language; Chinese when none
was chosen), not in the language of the job that writes them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from devzone.core.choices import Role
from devzone.core.models import Notification, Profile
from devzone.investment import reminders
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead

pytestmark = pytest.mark.django_db


def test_a_leads_reminder_reaches_each_leader_in_their_language(officer, team_a, zone_a, zone_a_leader):
    other = f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="inv_lead_en")
    Profile.objects.filter(user=other).update(language="en")
    name = "语言食品有限公司"
    new_lead(
        officer, team_a, name=name, intended_investment=Decimal("50000"), on=TODAY - dt.timedelta(days=10)
    )
    with translation.override("zh-hans"):  # the job's own language does not matter
        reminders.scan(TODAY)
    zh = Notification.objects.get(user=zone_a_leader, kind="investment.owner").title
    en = Notification.objects.get(user=other, kind="investment.owner").title
    assert zh == f"大项目线索待指定负责人：{name}"
    assert en.startswith("Large lead awaiting an owner") and en.endswith(name)
