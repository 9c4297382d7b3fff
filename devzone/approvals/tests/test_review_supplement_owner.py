"""审查中补正 is a move of the file's own reviewer, as every other review move (``require_reviewer``): it stops
the promised clock and spends the step's one request (一次性告知)."""

import datetime as dt

import pytest

from devzone.approvals.choices import Status
from devzone.approvals.services import applications as svc
from devzone.core.choices import Role
from devzone.core.errors import PermissionDeniedError
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, accepted

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.fixture
def colleague(zone_a):
    return f.user_with_role(Role.REVIEWER, zone=zone_a, user__username="a_rev2")


def test_a_colleague_cannot_ask_a_supplement_on_a_file_not_theirs(
    company_user, clerk, reviewer, project_a, item, colleague
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    with pytest.raises(PermissionDeniedError, match="该件由其他审批人员办理"):
        svc.application_request_supplement(
            actor=colleague, application=app, missing="补充全部图纸", on=TUESDAY
        )
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.clock.status == "running"
    assert not app.supplement_requests.exists()  # the step's one request is still the reviewer's to make
    svc.application_request_supplement(actor=reviewer, application=app, missing="补充全部图纸", on=TUESDAY)
    app.refresh_from_db()
    assert app.status == Status.REVIEW_SUPPLEMENT


def test_a_leader_asks_one_and_any_reviewer_on_a_file_nobody_has_yet(
    company_user, clerk, reviewer, project_a, item, colleague, zone_a_leader
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    app = svc.application_request_supplement(
        actor=zone_a_leader, application=app, missing="补充图纸", on=TUESDAY
    )
    assert app.status == Status.REVIEW_SUPPLEMENT
    other = f.ProjectFactory(zone=project_a.zone, enterprise=project_a.enterprise)
    unassigned = accepted(company_user, clerk, reviewer, other, item)
    unassigned.reviewer = None  # 待分派 (a file the scan deemed accepted)
    unassigned.save(update_fields=["reviewer"])
    svc.application_request_supplement(
        actor=colleague, application=unassigned, missing="补充图纸", on=TUESDAY
    )
    unassigned.refresh_from_db()
    assert unassigned.status == Status.REVIEW_SUPPLEMENT
