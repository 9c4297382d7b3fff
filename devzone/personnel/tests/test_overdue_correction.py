"""逾期未补正: a registration returned for correction (退回修改) is resubmitted only while registration is open, and
the screeners decide only submitted ones. One left uncorrected at the deadline can never move again — so it must
not hold the opening's exam ratio back for ever ("还有报名未审核": no ratio, no tickets, no exam for the others).
When the ratio is applied, each such registration is rejected with the reason 逾期未补正: an event, an audit row,
and the candidate is told. A submitted registration still waits for its screening."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError
from devzone.core.models import AuditEvent
from devzone.personnel.choices import OpeningStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import RegistrationEvent
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_recruitment import _close, _qualified, apply, opening_of
from devzone.testing.personnel import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(city, campaign, officer_a):
    """One qualified registration and one returned for correction, in an opening of one seat at 1:1."""
    campaign.exam_ratio = 1
    campaign.save(update_fields=["exam_ratio"])
    _qualified(city, campaign, officer_a, 1)
    late = apply(make_candidate(city, 71), opening_of(campaign))
    reg_svc.registration_screen(actor=officer_a, registration=late.pk, decision="return", note="请补充学位证")
    return late


def test_a_returned_registration_left_uncorrected_does_not_block_the_opening_for_good(
    campaign, returned, officer_a, city_officer, client_for
):
    campaign = _close(campaign)
    # after the deadline: the candidate can no longer resubmit (nor is it offered), the office no longer decides it
    with pytest.raises(DomainError, match="不在报名期"):
        reg_svc.registration_resubmit(actor=returned.candidate.user, registration=returned.pk)
    page = reverse("personnel:my_registration", args=[returned.pk])
    assert 'value="resubmit"' not in client_for(returned.candidate.user).get(page).content.decode()
    with pytest.raises(DomainError):
        reg_svc.registration_screen(actor=officer_a, registration=returned.pk, decision="reject", note="逾期")
    opening = campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening_of(campaign))
    assert (opening.status, opening.final_headcount) == (OpeningStatus.OPEN, 1)
    returned.refresh_from_db()
    assert (returned.status, returned.screening_note) == (S.REJECTED, "逾期未补正")
    event = RegistrationEvent.objects.filter(registration=returned).last()
    assert (event.from_status, event.to_status, event.note, event.actor) == (
        S.RETURNED,
        S.REJECTED,
        "逾期未补正",
        city_officer,
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.TRANSITION,
        object_id=str(returned.pk),
        actor=city_officer,
        note__contains="逾期未补正",
    ).exists()
    notice = returned.candidate.user.notifications.filter(kind="personnel.screened").latest("pk")
    assert "审核不通过" in notice.title and "逾期未补正" in notice.title


def test_a_submitted_registration_still_holds_the_ratio_and_nothing_is_rejected_meanwhile(
    city, campaign, returned, city_officer
):
    waiting = apply(make_candidate(city, 72), opening_of(campaign))
    campaign = _close(campaign)
    with pytest.raises(DomainError, match="还有报名未审核"):
        campaign_svc.opening_apply_ratio(actor=city_officer, opening=opening_of(campaign))
    returned.refresh_from_db()
    waiting.refresh_from_db()
    assert (returned.status, waiting.status) == (S.RETURNED, S.SUBMITTED)
    assert opening_of(campaign).final_headcount is None
