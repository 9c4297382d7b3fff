"""A notice written during a person's action reaches each recipient in the recipient's language (Profile.language;
Chinese when none was chosen), not in the language of the pages the actor happens to use: a leader on English
pages assigns a file, and the reviewer who never chose English reads of it in Chinese."""

import pytest
from django.utils import translation

from devzone.approvals.services import applications as svc
from devzone.core.models import Notification, Profile
from devzone.core.workdays import get_calendar
from devzone.testing.approvals import MONDAY, submit

pytestmark = pytest.mark.django_db


def title_of(user) -> str:
    return Notification.objects.filter(user=user, kind="approvals.assign").get().title


def test_an_assignment_reaches_the_reviewer_in_their_own_language_not_the_leaders(
    company_user, project_a, item, reviewer, zone_a_reviewer, zone_a_leader
):
    app = submit(company_user, project_a, [item]).applications.get()
    assert svc.deemed_acceptance_scan(get_calendar().add_workdays(MONDAY, 6)) == 1  # no reviewer yet
    Profile.objects.filter(user=zone_a_reviewer).update(language="en")
    with translation.override("en"):  # the leader works on English pages
        app = svc.application_assign(actor=zone_a_leader, application=app, reviewer=reviewer)
    assert title_of(reviewer) == f"分派给您审查：{app}"  # chose no language: Chinese
    # on Chinese pages, the leader gives it (改派) to a reviewer who reads English
    with translation.override("zh-hans"):
        app = svc.application_assign(actor=zone_a_leader, application=app, reviewer=zone_a_reviewer)
    assert title_of(zone_a_reviewer) == f"Assigned to you for review: {app}"
