"""The scans' notices are written in each recipient's language (Profile.language; Chinese when none was chosen),
not in the language of the job that writes them: the deadline scan's warnings, a step's label in them, and the
enterprise's notice of a deemed acceptance."""

import datetime as dt

import pytest
from django.utils import translation

from devzone.approvals.jobs import scan_deadlines
from devzone.approvals.services import applications as svc
from devzone.core.choices import Role
from devzone.core.models import Notification, Profile
from devzone.core.workdays import get_calendar
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, ItemFactory, accepted, submit

pytestmark = pytest.mark.django_db


def english(user) -> None:
    Profile.objects.filter(user=user).update(language="en")


def title_of(user, kind: str) -> str:
    return Notification.objects.get(user=user, kind=kind).title


def test_the_deadline_warning_reaches_each_reader_in_their_language(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_dept_head
):
    item = ItemFactory(zone=zone_a, steps=(1, 9, 1, 1))
    app = accepted(company_user, clerk, reviewer, project_a, item)
    english(reviewer)
    with translation.override("zh-hans"):  # the job's own language does not matter
        scan_deadlines(get_calendar().add_workdays(MONDAY, 8))  # 2 of 10 working days left
    assert title_of(reviewer, "approvals.warn") == (
        f"Deadline near: {app} (2 working days left of the promised limit)"
    )
    assert title_of(zone_a_dept_head, "approvals.warn") == f"即将到期：{app}（承诺时限剩余2个工作日）"


def test_a_steps_label_in_the_overrun_notice_is_in_the_readers_language(
    company_user, clerk, reviewer, project_a, item, zone_a_dept_head
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_advance_step(actor=reviewer, application=app, on=MONDAY)  # 审查 → 决定, limit 2
    english(reviewer)
    scan_deadlines(get_calendar().add_workdays(MONDAY, 3))
    assert title_of(reviewer, "approvals.step") == f"Step over its limit: {app} (Decide)"
    assert title_of(zone_a_dept_head, "approvals.step") == f"环节超时：{app}（决定）"


def test_the_enterprise_hears_of_a_deemed_acceptance_in_its_language(company_user, project_a, item):
    colleague = f.user_with_role(
        Role.ENTERPRISE_USER, enterprise=project_a.enterprise, user__username="a_company_en"
    )
    english(colleague)
    submit(company_user, project_a, [item])
    assert svc.deemed_acceptance_scan(get_calendar().add_workdays(MONDAY, 5) + dt.timedelta(days=1)) == 1
    assert title_of(colleague, "approvals.decision") == f"Your application “{item.name}” is deemed accepted"
    assert title_of(company_user, "approvals.decision") == f"您的申请“{item.name}”已视为受理"
