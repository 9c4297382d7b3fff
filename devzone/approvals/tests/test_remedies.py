"""A refusal tells the applicant of its remedies (行政许可法第三十八条第二款: 应当说明理由，并告知申请人享有依法申请
行政复议或者提起行政诉讼的权利): in the enterprise's notice and on the file's page, the periods and bodies read from
the law's data with their sources (approvals/catalog/law.py)."""

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from devzone.approvals.catalog import law
from devzone.approvals.services import applications as svc
from devzone.core.models import Notification
from devzone.testing.approvals import MONDAY, accepted, submit

pytestmark = pytest.mark.django_db
REASONS = "不符合控制性详细规划"
REMEDIES = (
    "申请人如不服本决定，可以自知道或者应当知道该行政行为之日起60日内依法向有权机关申请行政复议"
    "（《中华人民共和国行政复议法》（2023年修订）第二十条），或者自知道或者应当知道作出行政行为之日起6个月内"
    "依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"
)


def _denied(company_user, clerk, reviewer, project_a, item):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    return svc.application_deny(
        actor=reviewer, application=app, reason=REASONS, on=MONDAY + dt.timedelta(days=3)
    )


def _notice(user) -> Notification:
    return Notification.objects.get(user=user, kind="approvals.decision", title__contains="不予许可")


def test_the_enterprise_is_told_the_reasons_and_its_remedies(company_user, clerk, reviewer, project_a, item):
    _denied(company_user, clerk, reviewer, project_a, item)
    notice = _notice(company_user)
    with translation.override("zh-hans"):
        told = f"{notice.title} {notice.body}"
    assert REASONS in told and REMEDIES in told


def test_the_denied_files_page_names_the_remedies_and_their_basis(
    client_for, company_user, clerk, reviewer, project_a, item
):
    app = _denied(company_user, clerk, reviewer, project_a, item)
    for user in (company_user, reviewer):
        page = client_for(user).get(reverse("approvals:application_detail", args=[app.pk])).content.decode()
        assert "data-remedies" in page and REMEDIES in page
        assert "《中华人民共和国行政许可法》第三十八条第二款" in page


def test_a_file_not_accepted_names_the_remedies_too_without_article_38(
    client_for, company_user, clerk, project_a, item
):
    """不予受理 is a decision against the applicant as much as 不予许可: its notice and its page name the remedies,
    but not 第三十八条第二款 (which speaks of 不予许可)."""
    from devzone.approvals.models import Application

    submit(company_user, project_a, [item])
    app = svc.application_reject(
        actor=clerk, application=Application.objects.get(item=item), reason="不属于本区受理范围", on=MONDAY
    )
    notice = Notification.objects.get(
        user=company_user, kind="approvals.decision", title__contains="不予受理"
    )
    with translation.override("zh-hans"):
        assert REMEDIES in f"{notice.title} {notice.body}"
    page = (
        client_for(company_user).get(reverse("approvals:application_detail", args=[app.pk])).content.decode()
    )
    assert "data-remedies" in page and REMEDIES in page
    assert "第三十八条第二款" not in page


def test_a_grant_revoked_for_a_broken_commitment_names_the_remedies(
    client_for, company_user, clerk, reviewer, project_a, zone_a
):
    """告知承诺制: the check found the commitment broken and the grant is revoked (撤销) — a decision against the
    enterprise as much as a refusal: its notice and the file's page name the remedies, without 第三十八条第二款."""
    from devzone.testing.approvals import ItemFactory

    item = ItemFactory(zone=zone_a, name="排水许可", commitment_allowed=True)
    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_grant(
        actor=reviewer, application=app, on_commitment=True, on=MONDAY + dt.timedelta(days=3)
    )
    app = svc.post_check_record(
        actor=reviewer,
        application=app,
        conforms=False,
        finding="未按承诺取得环评批复",
        on=MONDAY + dt.timedelta(days=30),
    )
    notice = Notification.objects.get(user=company_user, kind="approvals.decision", title__contains="撤销")
    with translation.override("zh-hans"):
        told = f"{notice.title} {notice.body}"
    assert "未按承诺取得环评批复" in told and REMEDIES in told
    for user in (company_user, reviewer):
        page = client_for(user).get(reverse("approvals:application_detail", args=[app.pk])).content.decode()
        assert "data-remedies" in page and REMEDIES in page
        assert "第三十八条第二款" not in page
        # the remedies follow the reasons of the revocation (the check's finding), not those of the grant
        assert "data-revocation-reason>未按承诺取得环评批复<" in page


def test_every_move_against_the_applicant_is_told_with_its_remedies():
    """Every move into an outcome against the applicant (不予受理, 不予许可, 撤销) tells the enterprise, with the
    remedies; a move added later into one of them is told so too."""
    from devzone.approvals.choices import Status
    from devzone.approvals.services.common import MOVES, TELL_ENTERPRISE, TOLD_WITH_REMEDIES

    against = {Status.REJECTED, Status.DENIED, Status.REVOKED}
    moves = {name for name, m in MOVES.moves.items() if m.target in against}
    assert moves == {"reject", "deny", "post_check_breach"}
    assert moves <= TOLD_WITH_REMEDIES and moves <= set(TELL_ENTERPRISE)


def test_the_english_reader_reads_the_remedies_of_a_revocation_in_english(
    client_for, company_user, clerk, reviewer, project_a, zone_a
):
    from django.conf import settings

    from devzone.testing.approvals import ItemFactory

    item = ItemFactory(zone=zone_a, name="排水许可", commitment_allowed=True)
    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_grant(
        actor=reviewer, application=app, on_commitment=True, on=MONDAY + dt.timedelta(days=3)
    )
    svc.post_check_record(
        actor=reviewer, application=app, conforms=False, finding="x", on=MONDAY + dt.timedelta(days=30)
    )
    c = client_for(company_user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(reverse("approvals:application_detail", args=[app.pk])).content.decode()
    with translation.override("en"):
        assert escape(str(law.remedies())) in page and "行政复议" not in page


def test_a_file_not_denied_names_no_remedies(client_for, company_user, clerk, reviewer, project_a, item):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    page = (
        client_for(company_user).get(reverse("approvals:application_detail", args=[app.pk])).content.decode()
    )
    assert "data-remedies" not in page and "行政复议" not in page


def test_the_periods_are_the_laws_data_not_the_texts(
    monkeypatch, company_user, clerk, reviewer, project_a, item
):
    """A change of the law is a change of its data: the notice follows it."""
    monkeypatch.setattr(law, "RECONSIDERATION", dataclasses.replace(law.RECONSIDERATION, period=90))
    _denied(company_user, clerk, reviewer, project_a, item)
    with translation.override("zh-hans"):
        assert "之日起90日内依法向有权机关申请行政复议" in _notice(company_user).body
