"""The enterprise is always told of its own 补正 and of every decision on its applications, once per move."""

from __future__ import annotations

from devzone.approvals.services.intake import application_accept, application_request_supplement
from devzone.core import models as m
from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.approvals import ItemFactory, submit, uploads_for
from devzone.testing.projects import build_cast


def notices(user) -> list[tuple[str, str]]:
    return list(m.Notification.objects.filter(user=user).order_by("id").values_list("kind", "title"))


def test_the_enterprise_is_told_of_its_supplement_and_of_the_acceptance(zone_a):
    a = build_cast(zone_a, "甲")
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a)
    app = submit(a.company, a.project, [ItemFactory(zone=zone_a, name="规划许可")]).applications.get()
    application_request_supplement(actor=clerk, application=app, missing="营业执照副本", on=app.submitted_on)
    assert notices(a.company) == [("approvals.supplement", "您的申请“规划许可”需要补正：营业执照副本")]
    assert notices(clerk) == []  # the staff are not told of their own act
    from devzone.approvals.services.intake import application_answer_supplement

    app.refresh_from_db()
    files = uploads_for(app.item)
    application_answer_supplement(actor=a.company, application=app, uploads=files, on=app.submitted_on)
    app.refresh_from_db()
    application_accept(actor=clerk, application=app, reviewer=a.officer, on=app.submitted_on)
    assert [k for k, _t in notices(a.company)] == ["approvals.supplement", "approvals.decision"]
    assert notices(a.company)[1][1] == "您的申请“规划许可”已受理"
