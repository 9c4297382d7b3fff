"""Defects a review proved (second round), each reproduced here: 特别程序 and the statutory clock (行政许可法第四十五
条), the per-file bound of repeated special procedures, 第三十二条's period as law data, a file nobody was given
(认领), dates written by hand in refusals and the history, and the public verification page in English."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.utils import translation

from devzone.approvals import certificates as certs
from devzone.approvals import seal
from devzone.approvals.catalog.law import ARTICLE_32, pre_acceptance_days
from devzone.approvals.models import Application
from devzone.approvals.services import applications as svc
from devzone.approvals.services.review import special_overrun_scan
from devzone.core.actors import system_actor
from devzone.core.errors import DomainError
from devzone.core.models import AuditEvent
from devzone.core.workdays import get_calendar
from devzone.testing.approvals import MONDAY, ItemFactory, accepted, submit

pytestmark = pytest.mark.django_db
BASIS = "某市工程建设项目审批制度改革实施方案第十二条"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _in_special(company_user, clerk, reviewer, project_a, zone_a, *, limit_days: int):
    """An accepted file whose 特别程序 (委托检测, told as ``limit_days`` working days) starts on MONDAY, and its
    statutory due date before it started."""
    app = accepted(company_user, clerk, reviewer, project_a, ItemFactory(zone=zone_a))
    before = app.legal_clock.due_on
    app = svc.application_start_special(
        actor=reviewer, application=app, kind="testing", notice="委托检测", limit_days=limit_days, on=MONDAY
    )
    return app, before


# --- 1. 第四十五条: a special procedure leaves out at most its limit told in writing -----------------------------
def test_a_special_procedure_past_its_written_limit_leaves_out_only_its_limit(
    company_user, clerk, reviewer, project_a, zone_a
):
    """Told as 5 working days, closed 8 weeks later: the statutory deadline moves by 5 working days, not 40."""
    app, before = _in_special(company_user, clerk, reviewer, project_a, zone_a, limit_days=5)
    app = svc.application_end_special(actor=reviewer, application=app, on=MONDAY + dt.timedelta(days=56))
    app = Application.objects.get(pk=app.pk)
    assert app.legal_clock.due_on == get_calendar().add_workdays(before, 5)


def test_a_special_procedure_ended_within_its_limit_leaves_out_its_time(
    company_user, clerk, reviewer, project_a, zone_a
):
    app, before = _in_special(company_user, clerk, reviewer, project_a, zone_a, limit_days=10)
    ended = MONDAY + dt.timedelta(days=2)  # Wednesday: 2 working days
    app = svc.application_end_special(actor=reviewer, application=app, on=ended)
    app = Application.objects.get(pk=app.pk)
    assert app.legal_clock.due_on == get_calendar().add_workdays(before, 2)


def test_a_special_procedure_still_open_past_its_limit_lets_the_statutory_clock_run_again(
    company_user, clerk, reviewer, project_a, zone_a
):
    """Read while still open (the scan: badge, overdue escalation, statistics read the clock's due date)."""
    app, before = _in_special(company_user, clerk, reviewer, project_a, zone_a, limit_days=5)
    assert special_overrun_scan(MONDAY + dt.timedelta(days=7)) == 0  # 5 working days: not past yet
    assert special_overrun_scan(MONDAY + dt.timedelta(days=56)) == 1
    app = Application.objects.get(pk=app.pk)
    assert app.status == "special" and app.legal_clock.status == "running" and app.clock.status == "paused"
    assert app.legal_clock.due_on == get_calendar().add_workdays(before, 5)
    assert AuditEvent.objects.filter(object_id=str(app.legal_clock.pk)).exists()
    # its end later moves the statutory clock no more; the promised one runs again
    app = svc.application_end_special(actor=reviewer, application=app, on=MONDAY + dt.timedelta(days=60))
    app = Application.objects.get(pk=app.pk)
    assert app.legal_clock.due_on == get_calendar().add_workdays(before, 5)
    assert app.clock.status == "running"


# --- 2. the item's own bound holds for the file in total --------------------------------------------------
def test_repeated_special_procedures_stop_at_the_items_bound(
    company_user, clerk, reviewer, project_a, zone_a
):
    item = ItemFactory(zone=zone_a, special_max_days=40, special_basis=BASIS)
    app = accepted(company_user, clerk, reviewer, project_a, item)
    app = svc.application_start_special(
        actor=reviewer, application=app, kind="expert", notice="专家评审", limit_days=40, on=MONDAY
    )
    on2 = MONDAY + dt.timedelta(days=56)  # 8 weeks later (≈40 working days)
    app = svc.application_end_special(actor=reviewer, application=app, on=on2)
    with pytest.raises(DomainError) as refused:
        svc.application_start_special(
            actor=reviewer, application=app, kind="expert", notice="再次专家评审", limit_days=40, on=on2
        )
    assert BASIS in str(refused.value)


# --- 3. 第三十二条's five days: law data with its basis, never more -------------------------------------------
@pytest.fixture
def submitted(company_user, project_a, zone_a):
    """A file of a new item, submitted on ``MONDAY`` and not yet accepted."""
    return submit(company_user, project_a, [ItemFactory(zone=zone_a)], on=MONDAY).applications.get()


def test_the_refusal_names_the_configured_period_and_its_basis(settings, clerk, submitted):
    settings.DEVZONE_APPROVALS = {"PRE_ACCEPTANCE_DAYS": 3}
    app = submitted
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        svc.application_request_supplement(
            actor=clerk, application=app, missing="营业执照", on=MONDAY + dt.timedelta(days=4)
        )
    msg = str(refused.value)
    assert "5个工作日" not in msg and "3个工作日" in msg and "第三十二条" in msg, msg


def test_the_period_is_never_longer_than_the_laws(settings):
    assert pre_acceptance_days() == ARTICLE_32.days == 5
    settings.DEVZONE_APPROVALS = {"PRE_ACCEPTANCE_DAYS": 9}
    assert pre_acceptance_days() == 5


# --- 4. a file nobody was given: the first reviewer to act takes it (认领) ----------------------------------
def test_a_reviewer_acting_on_a_file_nobody_was_given_takes_it(clerk, reviewer, zone_a, submitted):
    from devzone.core.choices import Role
    from devzone.core.errors import PermissionDeniedError
    from devzone.testing import factories as f

    other = f.user_with_role(Role.REVIEWER, zone=zone_a, user__username="a_rev2", display_name="审查乙")
    app = svc.application_accept(actor=clerk, application=submitted, reviewer=None, on=MONDAY)
    assert app.reviewer_id is None
    app = svc.application_advance_step(actor=other, application=app, on=MONDAY)
    app = Application.objects.get(pk=app.pk)
    assert app.reviewer_id == other.pk
    claim = app.events.get(action="认领")
    assert claim.actor_id == other.pk and "审查乙" in claim.note
    with pytest.raises(PermissionDeniedError):  # the file is now the other reviewer's
        svc.application_grant(actor=reviewer, application=app, on=MONDAY)


def test_a_refused_move_claims_nothing(clerk, reviewer, submitted):
    app = svc.application_accept(actor=clerk, application=submitted, reviewer=None, on=MONDAY)
    with pytest.raises(DomainError):
        svc.application_end_special(actor=reviewer, application=app, on=MONDAY)  # no special procedure
    assert Application.objects.get(pk=app.pk).reviewer_id is None


# --- 5. dates as readers write them, never by hand ---------------------------------------------------------
def _late_supplement(clerk, app, on):
    return svc.application_request_supplement(actor=clerk, application=app, missing="营业执照", on=on)


def _late_rejection(clerk, app, on):
    return svc.application_reject(actor=clerk, application=app, reason="不符合", on=on)


@pytest.mark.parametrize(
    ("act", "language", "day"),
    [(_late_supplement, "zh-hans", "2025年3月10日"), (_late_rejection, "en", None)],
    ids=["supplement", "rejection"],
)
def test_a_late_window_refusal_shows_the_date_as_readers_write_dates(clerk, submitted, act, language, day):
    with translation.override(language), pytest.raises(DomainError) as refused:
        act(clerk, submitted, MONDAY + dt.timedelta(days=14))
    msg = str(refused.value)
    assert not ISO.search(msg), msg
    assert day is None or day in msg, msg


def test_a_late_acceptance_writes_its_dates_as_readers_do_in_the_files_history(clerk, reviewer, submitted):
    with translation.override("en"):  # stored in the site's language whoever acts
        app = svc.application_accept(
            actor=clerk, application=submitted, reviewer=reviewer, on=MONDAY + dt.timedelta(days=14)
        )
    note = app.events.order_by("-id").first().note
    assert not ISO.search(note), note
    assert "2025年3月10日" in note and "2025年3月3日" in note, note


def test_the_commitment_bar_refusal_shows_its_date_as_readers_write_dates(
    company_user, clerk, reviewer, project_a, zone_a
):
    from devzone.approvals.models import CommitmentBar

    item = ItemFactory(zone=zone_a, commitment_allowed=True)
    app = accepted(company_user, clerk, reviewer, project_a, item)
    CommitmentBar.objects.create(
        enterprise=app.enterprise, until=MONDAY + dt.timedelta(days=180), reason="违反承诺", application=app
    )
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        svc.application_grant(actor=reviewer, application=app, on_commitment=True, on=MONDAY)
    msg = str(refused.value)
    assert "2025年8月30日" in msg and not ISO.search(msg), msg


# --- 6. the public verification page in English ------------------------------------------------------------
@pytest.fixture
def granted_certificate(settings, tmp_path, monkeypatch, company_user, clerk, reviewer, project_a, zone_a):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEVZONE_PUBLIC_URL = "https://zwfw.example.gov.cn"
    monkeypatch.setenv(seal.MASTER_KEY_ENV, os.urandom(32).hex())
    app = accepted(company_user, clerk, reviewer, project_a, ItemFactory(zone=zone_a))
    app = svc.application_grant(actor=reviewer, application=app, on=MONDAY)
    return app.certificate


def test_public_verification_of_a_revoked_certificate_in_english_writes_an_english_date(granted_certificate):
    certs.revoke_certificate(
        actor=system_actor(), certificate=granted_certificate, on=MONDAY, reason="违反告知承诺"
    )
    with translation.override("en"):
        message = str(certs.verify_by_code(granted_certificate.verify_code).message)
    assert not HAN.search(message), message
    with translation.override("zh-hans"):
        assert "2025年3月3日" in str(certs.verify_by_code(granted_certificate.verify_code).message)
