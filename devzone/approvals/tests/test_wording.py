"""A decision in the words of the item's legal nature: a granted 备案 reads 准予备案 (status, event, lists, the
API, the project's milestone), while the stored status stays ``granted`` for the statistics and filters."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from devzone.approvals import wording
from devzone.approvals.choices import LegalNature, ResultKind, Status
from devzone.approvals.models import Application, ApplicationEvent
from devzone.approvals.services import applications as svc
from devzone.testing.approvals import MONDAY, ItemFactory, accepted

N, R = LegalNature, ResultKind


@pytest.mark.parametrize(
    ("nature", "kind", "granted", "denied", "revoked"),
    [
        (N.LICENSING, R.PERMIT, "准予许可", "不予许可", "已撤销许可"),
        (N.LICENSING, R.APPROVAL_DOCUMENT, "予以核准", "不予核准", "已撤销核准"),
        (N.FILING, R.FILING_PROOF, "准予备案", "不予备案", "已撤销备案"),
        (N.CONFIRMATION, R.REGISTRATION_PROOF, "予以确认", "不予确认", "已撤销确认"),
        (N.TECHNICAL_REVIEW, R.REVIEW_CERTIFICATE, "审查通过", "审查不通过", "已撤销审查结论"),
        (N.OTHER, R.OTHER, "准予办理", "不予办理", "已撤销"),
    ],
)
def test_each_legal_nature_names_its_decisions(nature, kind, granted, denied, revoked):
    item = SimpleNamespace(legal_nature=nature, result_kind=kind)
    assert wording.status_label(item, Status.GRANTED) == granted
    assert wording.status_label(item, Status.DENIED) == denied
    assert wording.status_label(item, Status.REVOKED) == revoked
    assert wording.status_label(item, Status.IN_REVIEW) == "审查中"  # other statuses are the same for all
    assert wording.move_label(item, "grant") == granted
    assert (
        wording.event_label(item, "准予许可") == granted
    )  # events written before keep their row, read right


@pytest.fixture
def filing(zone_a):
    return ItemFactory(
        zone=zone_a,
        name="企业投资项目备案",
        legal_nature=N.FILING,
        result_kind=R.FILING_PROOF,
        legal_limit_days=5,
        promised_limit_days=3,
        legal_limit_basis="《企业投资项目核准和备案管理条例》第十三条",
        extension_max_days=0,
        extension_basis="",
        steps=(1, 1, 1, 1),
    )


@pytest.mark.django_db
def test_a_granted_filing_reads_filed_everywhere_but_stays_granted(
    company_user, clerk, reviewer, project_a, filing, client_for, monkeypatch
):
    monkeypatch.setattr("devzone.approvals.certificates.issue_certificate", lambda **kw: None)
    app = accepted(company_user, clerk, reviewer, project_a, filing)
    svc.application_grant(actor=reviewer, application=app, on=MONDAY + dt.timedelta(days=1))
    app = Application.objects.get(pk=app.pk)
    assert app.status == Status.GRANTED  # the stored value is unchanged: statistics and filters count it
    assert app.get_status_display() == "准予备案"
    assert (
        ApplicationEvent.objects.filter(application=app, to_status=Status.GRANTED).get().label == "准予备案"
    )
    for user, url in (
        (reviewer, reverse("approvals:application_detail", args=[app.pk])),
        (company_user, reverse("approvals:application_detail", args=[app.pk])),
        (company_user, reverse("approvals:intake_list")),
    ):
        page = client_for(user).get(url).content.decode()
        assert "准予备案" in page and "准予许可" not in page, url
    api = client_for(reviewer).get(f"/api/v1/approvals/applications/{app.pk}").json()
    assert (api["status"], api["status_label"]) == ("granted", "准予备案")


@pytest.mark.django_db
def test_an_event_written_as_licensed_before_reads_filed(company_user, clerk, reviewer, project_a, filing):
    app = accepted(company_user, clerk, reviewer, project_a, filing)
    ev = ApplicationEvent.objects.create(
        application=app, on=MONDAY, actor_label="审查甲", action="准予许可", to_status=Status.GRANTED
    )
    assert ApplicationEvent.objects.get(pk=ev.pk).label == "准予备案"
    assert ApplicationEvent.objects.get(pk=ev.pk).action == "准予许可"  # the row keeps what was written


@pytest.mark.django_db
def test_the_reviewer_and_the_enterprise_are_told_the_decision_in_the_items_words(
    company_user, clerk, reviewer, project_a, filing, client_for, monkeypatch
):
    from django.contrib.messages import get_messages

    from devzone.core.models import Notification

    monkeypatch.setattr("devzone.approvals.certificates.issue_certificate", lambda **kw: None)
    app = accepted(company_user, clerk, reviewer, project_a, filing)
    c = client_for(reviewer)
    r = c.post(
        reverse("approvals:application_action", args=[app.pk, "grant"]), {"version": app.version}, follow=True
    )
    said = [str(m) for m in get_messages(r.wsgi_request)] or [r.content.decode()]
    assert any("已准予备案，电子证照已签发" in m for m in said), said
    told = (
        Notification.objects.filter(user=company_user, kind="approvals.decision").latest("created_at").title
    )
    assert told == f"您的申请“{filing.name}”已准予备案"


@pytest.mark.django_db
def test_the_review_desk_offers_the_decisions_in_the_items_words_and_refuses_in_them(
    company_user, clerk, reviewer, project_a, filing, client_for
):
    """A 备案 on the reviewer's desk: the buttons read 准予备案 / 不予备案 (never 准予许可), the reason's label
    不予备案理由; a refusal without a reason says 不予备案须说明理由 and changes nothing."""
    from devzone.core.errors import DomainError

    app = accepted(company_user, clerk, reviewer, project_a, filing)
    page = client_for(reviewer).get(reverse("approvals:application_detail", args=[app.pk])).content.decode()
    assert ">准予备案</button>" in page and ">不予备案</button>" in page and "不予备案理由" in page
    assert "准予许可" not in page and "不予许可" not in page
    with pytest.raises(DomainError, match="不予备案须说明理由"):
        svc.application_deny(actor=reviewer, application=app, reason="  ")
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.decision_reason == ""
