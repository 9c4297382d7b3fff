"""Defects found by the third review, each with the test that failed before its fix."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from devzone.approvals.choices import SpecialKind, Status
from devzone.approvals.models import ApprovalItem
from devzone.approvals.services import applications as svc
from devzone.approvals.tests.catalog_books import edit_post
from devzone.core.choices import Role
from devzone.core.models import Notification
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, PDF, accepted, accepted_owing, submit, tolerable_item

pytestmark = pytest.mark.django_db


# --- 1. a crafted file field (``f_²``) answered 500 -------------------------------------------------------
def test_a_file_field_named_with_a_non_ascii_digit_is_another_material_not_a_server_error(
    client_for, company_user, clerk, project_a, item
):
    """``"²".isdigit()`` is true and ``int("²")`` raises: the 补正 page's files are read by their field names
    (``f_<material id>``), which the poster chooses."""
    app = submit(company_user, project_a, [item], on=MONDAY, with_files=False).applications.get()
    svc.application_request_supplement(actor=clerk, application=app, missing="申请表、营业执照", on=MONDAY)
    response = client_for(company_user).post(
        reverse("approvals:application_action", args=[app.pk, "answer"]),
        {"f_²": SimpleUploadedFile("补正.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED  # answered, the file as 其他材料
    assert app.uploads.get().required_material_id is None


# --- 2. the item page's ``seen`` stamp, well formed but impossible, answered 500 ----------------------------
@pytest.fixture
def catalog_item(zone_a, zone_a_leader, departments):
    from devzone.approvals.catalog import catalog_import
    from devzone.approvals.tests.catalog_books import valid_catalog

    catalog_import(actor=zone_a_leader, zone=zone_a, data=valid_catalog())
    return ApprovalItem.objects.get(zone=zone_a, code="ZJ-010-1")


def _edit(item) -> dict:
    return edit_post(item, name="改名后的事项", **{"m-TOTAL_FORMS": item.materials.count()})


@pytest.mark.parametrize("seen", ["2025-13-45T10:00:00+08:00", "not a time", "2025-01-01T00:00:00"])
def test_an_edit_with_an_unreadable_seen_stamp_is_refused_as_stale_not_a_server_error(
    client_for, zone_a_leader, catalog_item, seen
):
    url = reverse("approvals:item_edit", args=[catalog_item.pk])
    response = client_for(zone_a_leader).post(url, _edit(catalog_item) | {"seen": seen})
    assert response.status_code in (200, 409)
    assert "已被他人修改" in response.content.decode()
    catalog_item.refresh_from_db()
    assert catalog_item.name != "改名后的事项"  # not saved unchecked


def test_an_edit_with_the_seen_stamp_the_page_gave_is_saved(client_for, zone_a_leader, catalog_item):
    c = client_for(zone_a_leader)
    url = reverse("approvals:item_edit", args=[catalog_item.pk])
    seen = catalog_item.updated_at.isoformat()
    assert seen in c.get(url).content.decode()
    response = c.post(url, _edit(catalog_item) | {"seen": seen})
    assert response.status_code == 302
    catalog_item.refresh_from_db()
    assert catalog_item.name == "改名后的事项"


# --- 3. the signed certificate was written in the granting reviewer's language ------------------------------
def test_a_certificate_granted_by_a_reviewer_reading_english_is_written_in_chinese(
    zone_a, monkeypatch, settings
):
    """The certificate is an official document in the site's language (its fixed text is Chinese, its dates
    ``cn_date``): a reviewer reading the pages in English signed certificates whose table read Holder, Validity,
    From … to …, under a Chinese title and seal."""
    from devzone.approvals import certificates as certs
    from devzone.approvals.tests.test_certificates import GRANTED_ON, make_application
    from devzone.core.actors import system_actor

    settings.DEVZONE_PUBLIC_URL = "https://zwfw.example.gov.cn"
    sources = []
    real = certs.render_to_string

    def spy(name, context=None, *args, **kwargs):
        sources.append(real(name, context, *args, **kwargs))
        return sources[-1]

    monkeypatch.setattr(certs, "render_to_string", spy)
    with translation.override("en"):
        certs.issue_certificate(
            actor=system_actor(),
            application=make_application(zone_a),
            issued_on=GRANTED_ON,
            valid_until=GRANTED_ON + dt.timedelta(days=365),
        )
    [html] = sources
    for label in ("持证单位", "统一社会信用代码", "项目名称", "有效期限", "发证日期"):
        assert f"<th>{label}</th>" in html
    assert "Holder" not in html and "Validity" not in html and "From " not in html


# --- 4. the file's history and the enterprise's notices kept in the actor's language ------------------------
def _notes(app) -> str:
    return " ".join(app.events.values_list("note", flat=True))


def test_notes_of_the_review_are_kept_in_the_sites_language_whoever_acts(
    company_user, clerk, reviewer, zone_a_leader, project_a, item
):
    """The event log's action is stored in the site's language (``services.common._write_event``) and so are the
    notes the window writes (``core.notify.stored``); an extension's, a special procedure's, a step's, an
    assignment's and a leader's second 补正 note were written in the actor's language (English here) and so
    shown to everyone, the enterprise told in it."""
    other = f.user_with_role(
        Role.REVIEWER, zone=project_a.zone, user__username="a_rev2", display_name="审查乙"
    )
    app = accepted(company_user, clerk, reviewer, project_a, item)
    day = MONDAY + dt.timedelta(days=1)
    with translation.override("en"):
        app = svc.application_advance_step(actor=reviewer, application=app, on=day)
        app = svc.application_extend(actor=zone_a_leader, application=app, reason="需专家论证", on=day)
        app = svc.application_assign(actor=zone_a_leader, application=app, reviewer=other, on=day)
        app = svc.application_request_supplement(actor=other, application=app, missing="图纸", on=day)
        app = svc.application_answer_supplement(
            actor=company_user, application=app, uploads=[(None, "图纸.pdf", PDF)], on=day
        )
        app = svc.application_request_supplement(
            actor=zone_a_leader, application=app, missing="补充说明", approval_reason="图纸有误", on=day
        )
        app = svc.application_answer_supplement(
            actor=company_user, application=app, uploads=[(None, "说明.pdf", PDF)], on=day
        )
        app = svc.application_start_special(
            actor=other, application=app, kind=SpecialKind.EXPERT, notice="组织专家评审", limit_days=5, on=day
        )
    notes = _notes(app)
    assert "审查 → 决定" in notes
    assert "法定期限延长10个工作日" in notes and "由审查甲改派给审查乙" in notes
    assert "经领导批准再次补正，理由：图纸有误" in notes
    assert "所需时间不计入法定期限，时限5个工作日" in notes
    for english in ("Review →", "extended", "Reassigned", "approved by a leader", "does not count"):
        assert english not in notes
    with translation.override("zh-hans"):
        told = " ".join(f"{n.title} {n.body}" for n in Notification.objects.filter(user=company_user))
    assert "法定期限延长10个工作日" in told and "extended" not in told


def test_an_acceptance_with_materials_owed_is_noted_in_the_sites_language(
    company_user, clerk, reviewer, project_a, zone_a
):
    item = tolerable_item(zone_a)
    with translation.override("en"):
        app = accepted_owing(company_user, clerk, reviewer, project_a, item)
    assert "容缺受理：环评批复" in _notes(app) and "owed" not in _notes(app)


def test_the_project_milestone_a_grant_completes_is_told_the_outcome_in_the_sites_language(
    company_user, clerk, reviewer, project_a, item, monkeypatch, no_certificate
):
    """The grant tells the project's timetable its outcome, which projects stores in its milestone's note in the
    site's language: given as the reviewer's English (Granted), it was stored so."""
    told = []
    monkeypatch.setattr(
        "devzone.projects.services.milestones_on_approval_granted", lambda **kw: told.append(kw["outcome"])
    )
    app = accepted(company_user, clerk, reviewer, project_a, item)
    with translation.override("en"):
        svc.application_grant(actor=reviewer, application=app, on=MONDAY + dt.timedelta(days=1))
    [outcome] = told
    with translation.override("zh-hans"):
        assert str(outcome) == "准予许可"


def test_a_catalog_import_is_audited_in_the_sites_language_whoever_imports(
    zone_a, zone_a_leader, departments
):
    from devzone.approvals.catalog import catalog_import
    from devzone.approvals.tests.catalog_books import valid_catalog
    from devzone.core.choices import AuditAction
    from devzone.core.models import AuditEvent

    with translation.override("en"):
        catalog_import(actor=zone_a_leader, zone=zone_a, data=valid_catalog())
    notes = set(AuditEvent.objects.filter(action=AuditAction.IMPORT).values_list("note", flat=True))
    assert notes == {"Excel导入：新增"}


# --- 7. the certificate's card ran past a 390-px phone -------------------------------------------------------
def test_the_certificate_card_wraps_its_buttons_on_a_phone(client_for, certificate, zone_a_leader):
    """The card put the certificate's number and code and its buttons (下载电子证照, 验真; 证照元数据 for the staff)
    on one line that could not wrap: in English (Download e-certificate, Verify) or for the staff's three
    buttons about 120 px wider than a 390-px phone, which then scrolled sideways."""
    from devzone.core.choices import Role

    company = f.user_with_role(Role.ENTERPRISE_USER, enterprise=certificate.application.enterprise)
    for user in (company, zone_a_leader):
        html = client_for(user).get(certificate.application.get_absolute_url()).content.decode()
        [card] = re.findall(r'<div class="([^"]*)" data-certificate-card>', html) or re.findall(
            r'<div class="card-body d-flex[^"]*">\s*<div class="me-auto[^"]*"><div class="fw-bold">', html
        )
        assert "flex-wrap" in card
