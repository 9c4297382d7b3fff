"""A round's moves and rules, from a review (2026-12-07): a vote that could never close, a retried advance, a
leader scoring their own department, the administrator and the guaranteed share, untranslated refusals and a
huge id in a path."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.performance import schemes as rules
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import LeaderScore, Round, Scheme
from devzone.testing import factories as f
from devzone.testing.performance import PDF, run_round

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"


# --- a vote that could never close ---------------------------------------------------------------------------
def test_voting_does_not_start_with_codes_that_could_never_close_it(org):
    """One delegate a department, five departments: five codes for a minimum of six ballots. Let into 民主测评,
    the round could never be closed, voted again (new codes are refused once anyone voted) or reopened."""
    svc.scheme_create(actor=org.leader, zone=org.zone, delegates_per_department=1)
    r, codes = run_round(org, until=RoundStatus.NOMINATION, delegates=lambda d: [org.staff[d.pk][1]])
    assert len(codes) == 5 < r.scheme.min_ballots
    with pytest.raises(DomainError, match="测评码共5个，少于方案规定的最少6张"):
        svc.round_advance(actor=org.tally, round=r)
    assert Round.objects.get(pk=r.pk).status == RoundStatus.NOMINATION


def test_voting_does_not_start_when_a_department_could_never_be_scored_by_three_ballots(org, zone_a):
    """Two departments, one delegate each, a minimum of three: each department could be scored by one ballot."""
    from devzone.core.models import Department

    Department.objects.filter(zone=zone_a).exclude(pk__in=[d.pk for d in org.depts[:2]]).update(
        abolished_on="2026-01-01"
    )
    svc.scheme_create(actor=org.leader, zone=org.zone, delegates_per_department=1, min_ballots=3)
    r = svc.round_open(actor=org.tally, zone=org.zone, year=2026, quarter=3)
    depts = org.depts[:2]
    for i, d in enumerate(depts):
        svc.satisfaction_enter(actor=org.tally, round=r, department_id=d.pk, value=90 - i * 5)
    svc.round_advance(actor=org.tally, round=r)
    for d in depts:
        svc.report_upload(actor=org.heads[d.pk], round=r, department_id=d.pk, name="述职.pdf", data=PDF)
    svc.round_advance(actor=org.tally, round=r)
    for d in depts:
        svc.delegate_nominate(actor=org.heads[d.pk], round=r, staff=org.staff[d.pk][1])
    svc.codes_generate(actor=org.tally, round=r)
    with pytest.raises(DomainError):
        svc.round_advance(actor=org.tally, round=r)
    assert Round.objects.get(pk=r.pk).status == RoundStatus.NOMINATION


# --- a retried advance -----------------------------------------------------------------------------------------
def test_the_same_advance_sent_twice_moves_the_round_once(org, client_for):
    r, _ = run_round(org, until=RoundStatus.LEADER)
    c = client_for(org.tally)
    url = f"{API}/rounds/{r.pk}/advance"
    assert c.post(url, {}, content_type="application/json").status_code == 422  # the version is required
    assert Round.objects.get(pk=r.pk).status == RoundStatus.LEADER
    body = json.dumps({"version": Round.objects.get(pk=r.pk).version})
    assert c.post(url, body, content_type="application/json").status_code == 200
    assert c.post(url, body, content_type="application/json").status_code == 409  # the retry: stale
    assert Round.objects.get(pk=r.pk).status == RoundStatus.TALLIED


def test_the_advance_form_without_its_version_moves_nothing(org, client_for):
    r, _ = run_round(org, until=RoundStatus.LEADER)
    c = client_for(org.tally)
    c.post(reverse("performance:round_action", args=[r.pk, "advance"]), {})
    assert Round.objects.get(pk=r.pk).status == RoundStatus.LEADER
    version = Round.objects.get(pk=r.pk).version
    c.post(reverse("performance:round_action", args=[r.pk, "advance"]), {"version": version})
    assert Round.objects.get(pk=r.pk).status == RoundStatus.TALLIED


def test_close_pay_needs_the_version(org, client_for):
    r, _ = run_round(org, until=RoundStatus.PUBLISHED)
    resp = client_for(org.tally).post(f"{API}/rounds/{r.pk}/close_pay", "{}", content_type="application/json")
    assert resp.status_code == 422
    assert Round.objects.get(pk=r.pk).pay_closed_at is None


# --- 回避: a leader does not score their own department -------------------------------------------------------
def test_a_leader_does_not_score_their_own_department(org, client_for):
    dept = org.depts[3]
    me = org.staff[dept.pk][5]
    leader = f.user_with_role(Role.ZONE_LEADER, zone=org.zone, staff=me, user__username="leader_in_dept")
    r, _ = run_round(org, until=RoundStatus.VOTING)
    with pytest.raises(PermissionDeniedError, match="须回避") as refused:
        svc.leader_scores_set(actor=leader, round=r, scores={dept.pk: 100, org.depts[0].pk: 90})
    assert f"scores.{dept.pk}" in refused.value.errors
    assert not LeaderScore.objects.filter(round=r, leader=leader).exists()
    # the other departments are theirs to score; the form leaves their own out
    assert (
        svc.leader_scores_set(actor=leader, round=r, scores={d.pk: 90 for d in org.depts if d != dept}) == 4
    )
    page = client_for(leader).get(reverse("performance:round_detail", args=[r.pk])).content.decode()
    assert f'name="score_{dept.pk}"' not in page and f'name="score_{org.depts[0].pk}"' in page
    assert 'data-testid="leader-recused"' in page
    # the leader of no department scores every one
    page = client_for(org.leader).get(reverse("performance:round_detail", args=[r.pk])).content.decode()
    assert f'name="score_{dept.pk}"' in page and 'data-testid="leader-recused"' not in page


# --- the scheme: who revises it, the guaranteed share ---------------------------------------------------------
def test_the_administrator_does_not_revise_the_scheme(org, city, client_for):
    admin = f.user_with_role(Role.SYSADMIN, city=city, user__username="admin_x")
    with pytest.raises(PermissionDeniedError):
        svc.scheme_create(actor=admin, zone=org.zone, guaranteed_percent=Decimal(85))
    resp = client_for(admin).post(
        f"{API}/schemes", json.dumps({"zone": org.zone.pk}), content_type="application/json"
    )
    assert resp.status_code in (403, 404)
    assert not Scheme.objects.filter(zone=org.zone).exists()


@pytest.mark.parametrize("share", ["0", "50", "69.99", "90.01", "100"])
def test_the_guaranteed_share_stays_about_80_percent(org, share):
    with pytest.raises(DomainError) as refused:
        svc.scheme_create(actor=org.leader, zone=org.zone, guaranteed_percent=Decimal(share))
    assert "guaranteed_percent" in refused.value.errors
    assert not Scheme.objects.filter(zone=org.zone).exists()


@pytest.mark.parametrize("share", ["70", "80", "85.5", "90"])
def test_a_guaranteed_share_within_the_bound_is_taken(org, share):
    s = svc.scheme_create(actor=org.leader, zone=org.zone, guaranteed_percent=Decimal(share))
    assert s.guaranteed_percent == Decimal(share)


def test_the_bound_rests_on_the_reform_fact():
    g = rules.GUARANTEED_SHARE
    assert g.low < g.reference == Decimal(80) < g.high and "reform_facts.yaml" in g.basis


def test_the_api_refuses_a_share_outside_the_bound(org, client_for):
    c = client_for(org.leader)
    resp = c.post(
        f"{API}/schemes",
        json.dumps({"zone": org.zone.pk, "guaranteed_percent": "0"}),
        content_type="application/json",
    )
    assert resp.status_code in (400, 422)
    assert not Scheme.objects.filter(zone=org.zone).exists()


# --- refusals in the reader's language, a huge id ----------------------------------------------------------
def _en(client_for, user):
    c = client_for(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return c


def test_an_unknown_delegate_is_told_in_english(org, client_for):
    r, _ = run_round(org, until=RoundStatus.REPORTS)
    resp = _en(client_for, org.tally).delete(f"{API}/rounds/{r.pk}/delegates/999999")
    assert resp.status_code == 404
    title = resp.json()["title"]
    assert title.isascii() and "does not exist" in title


def test_an_unknown_department_on_calibrate_is_told_in_english(org, client_for):
    r, _ = run_round(org, until=RoundStatus.TALLIED)
    resp = _en(client_for, org.leader).post(
        f"{API}/rounds/{r.pk}/calibrate",
        {"department": 999999, "coefficient": "1.0", "reason": "x"},
        content_type="application/json",
    )
    assert resp.status_code == 404
    assert resp.json()["title"] == "The department is not in this assessment round"


def test_a_huge_department_id_in_the_report_path_is_404(org, client_for):
    r, _ = run_round(org, until=RoundStatus.REPORTS)
    c = client_for(org.tally)
    c.raise_request_exception = False
    assert c.get(f"/performance/rounds/{r.pk}/reports/99999999999999999999999/").status_code == 404
