"""第二十七条 回避 across every step that decides a registration: a member of staff who declared a conflict with a
candidate screened, scored and recorded none of their hiring steps already — but drew the opening's interview
list (面试人选) and its ranking (排名), which decide that candidate with the others, and recorded their 登记聘用.
Each is refused now with the same 403 and sentence (one check, ``registrations.refuse_recused``); another officer
does it. The API declares 回避 as the page does (``POST registrations/{id}/recuse``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.errors import PermissionDeniedError
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Hire, Registration
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_hire_dates import _hire, concluded  # noqa: F401 - a fixture
from devzone.personnel.tests.test_recruitment import _enter, _written_entered, opening_of

pytestmark = pytest.mark.django_db

REFUSAL = "您已就该考生声明回避"


@pytest.fixture
def written(city, campaign, officer_a, officer_a2, city_officer):
    """Three qualified candidates of A01, seated, each with a confirmed written score: the list may be drawn."""
    _campaign, regs = _written_entered(
        city, campaign, [officer_a, officer_a2], city_officer, ["90", "85", "80"]
    )
    return regs


def test_a_recused_officer_draws_no_interview_list(written, campaign, officer_a, officer_a2, client_for):
    reg_svc.registration_recuse(actor=officer_a, registration=written[2].pk, reason="该考生系本人外甥")
    with pytest.raises(PermissionDeniedError, match=REFUSAL):
        exams.shortlist_opening(actor=officer_a, opening=opening_of(campaign))
    page = client_for(officer_a).post(
        reverse("personnel:opening_action", args=[opening_of(campaign).pk, "shortlist"]), follow=True
    )
    assert REFUSAL in page.content.decode()
    api = client_for(officer_a).post_json(f"/api/v1/personnel/openings/{opening_of(campaign).pk}/shortlist")
    assert api.status_code == 403 and REFUSAL in api.json()["title"]
    assert set(
        Registration.objects.filter(pk__in=[r.pk for r in written]).values_list("status", flat=True)
    ) == {S.QUALIFIED}
    assert exams.shortlist_opening(actor=officer_a2, opening=opening_of(campaign))


def test_a_recused_officer_does_not_rank(written, campaign, officer_a, officer_a2):
    exams.shortlist_opening(actor=officer_a, opening=opening_of(campaign))
    for reg, score in zip(written, ["70", "80", "90"], strict=True):
        _enter([officer_a, officer_a2], reg, "interview", score)
    reg_svc.registration_recuse(actor=officer_a2, registration=written[0].pk, reason="本人堂妹")
    with pytest.raises(PermissionDeniedError, match=REFUSAL):
        exams.rank_opening(actor=officer_a2, opening=opening_of(campaign))
    assert not Registration.objects.filter(pk__in=[r.pk for r in written], rank__isnull=False).exists()
    assert exams.rank_opening(actor=officer_a, opening=opening_of(campaign)).hired


def test_a_recused_officer_records_no_hire_of_the_candidate(concluded, officer_a, officer_a2, zone_a):  # noqa: F811
    reg_svc.registration_recuse(actor=officer_a, registration=concluded.pk, reason="本人配偶之妹")
    with pytest.raises(PermissionDeniedError, match=REFUSAL):
        _hire(officer_a, zone_a, concluded, dt.date(2026, 11, 20))
    assert not Hire.objects.exists()
    assert _hire(officer_a2, zone_a, concluded, dt.date(2026, 11, 20)).registration_id == concluded.pk
