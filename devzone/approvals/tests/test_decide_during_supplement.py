"""不予许可 while the enterprise owes a 补正, and 补正 while the file is 审查中 (行政许可法第三十二条、第三十八条、
第四十二条).

- In review (审查中补正) the file is accepted and its statutory limit runs (only 特别程序 is left out of it, 第四十五条):
  the authority must still decide within that limit (第四十二条), so an enterprise that never answers cannot hold
  the decision back. 不予许可 with reasons (第三十八条) is open then, and stops both clocks.
- Before acceptance (待补正) nothing has been accepted: the law's answers are 受理 after the 补正 or 不予受理
  (第三十二条), never a decision on the merits (不予许可 follows acceptance and review).
- 审查中 (in review) the reviewer may ask for a 补正 (once per step, 一次性告知)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.approvals.choices import Status
from devzone.approvals.models import Application, SupplementRequest
from devzone.approvals.services import applications as svc
from devzone.core.errors import DomainError
from devzone.testing.approvals import PDF, accepted, submit

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_file_waiting_for_its_review_supplement_may_be_denied_and_its_clocks_stop(
    company_user, clerk, reviewer, project_a, item
):
    app = accepted(company_user, clerk, reviewer, project_a, item, on=D(2025, 3, 3))
    app = svc.application_request_supplement(
        actor=reviewer, application=app, missing="施工合同", on=D(2025, 3, 4)
    )
    assert app.status == Status.REVIEW_SUPPLEMENT
    assert app.clock.status == "paused" and app.legal_clock.status == "running"
    app = svc.application_deny(
        actor=reviewer, application=app, reason="逾期未补正，申请不符合法定条件", on=D(2025, 3, 20)
    )
    app = Application.objects.get(pk=app.pk)
    assert app.status == Status.DENIED and app.concluded_on == D(2025, 3, 20)
    assert app.clock.status == "stopped" and app.legal_clock.status == "stopped"
    # the promised clock stood still from the request: 1 working day (3 March) counted, not the wait
    assert app.elapsed_workdays == 1
    # the enterprise can no longer answer the closed file
    with pytest.raises(DomainError):
        svc.application_answer_supplement(
            actor=company_user, application=app, uploads=[(None, "补正.pdf", PDF)], on=D(2025, 3, 21)
        )


def test_the_review_desk_offers_the_denial_while_the_supplement_is_outstanding(
    client_for, company_user, clerk, reviewer, project_a, item
):
    app = accepted(company_user, clerk, reviewer, project_a, item, on=D(2025, 3, 3))
    svc.application_request_supplement(actor=reviewer, application=app, missing="施工合同", on=D(2025, 3, 4))
    app.refresh_from_db()
    client = client_for(reviewer)
    page = client.get(app.get_absolute_url()).content.decode()
    assert 'data-actions="review_supplement"' in page
    answer = client.post(
        reverse("approvals:application_action", args=[app.pk, "deny"]),
        {"version": app.version, "reason": "申请人隐瞒有关情况"},
    )
    assert answer.status_code == 302
    assert Application.objects.get(pk=app.pk).status == Status.DENIED


def test_before_acceptance_a_file_awaiting_its_supplement_is_not_denied_but_may_be_rejected(
    company_user, clerk, reviewer, project_a, item
):
    app = submit(company_user, project_a, [item], on=D(2025, 3, 3)).applications.get()
    app = svc.application_request_supplement(
        actor=clerk, application=app, missing="营业执照", on=D(2025, 3, 3)
    )
    with pytest.raises(DomainError, match="不能"):
        svc.application_deny(actor=reviewer, application=app, reason="材料不全", on=D(2025, 3, 4))
    app = svc.application_reject(
        actor=clerk, application=app, reason="不属于本机关职权范围", on=D(2025, 3, 4)
    )
    assert app.status == Status.REJECTED


def test_a_file_in_review_may_be_asked_for_a_supplement_and_only_its_promise_stops(
    company_user, clerk, reviewer, project_a, item
):
    app = accepted(company_user, clerk, reviewer, project_a, item, on=D(2025, 3, 3))
    legal_due = app.legal_clock.due_on
    app = svc.application_request_supplement(
        actor=reviewer, application=app, missing="施工图审查合格书", on=D(2025, 3, 5)
    )
    assert app.status == Status.REVIEW_SUPPLEMENT
    assert SupplementRequest.objects.get(application=app).during_review
    assert (
        app.legal_clock.due_on == legal_due
    )  # the law's limit keeps running (第四十五条 leaves out only 特别程序)
