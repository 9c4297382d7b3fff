"""A department no leader of the zone may score (回避: the zone's only 主任 is its member) is scored by a city
officer of the zone's city, as an appeal no zone leader may decide goes to them: only such a department,
audited as the city's, the round's step check naming it; never another city's officer. Without it the round
stayed at 领导评分 for good."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent, Notification
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import LeaderScore, Round
from devzone.testing import factories as f
from devzone.testing.performance import ballot_for, run_round

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"


@pytest.fixture
def only_leader(org):
    """The zone's only active leader is a member of 党政办公室 (org.depts[3]); the fixture's leader left."""
    dept = org.depts[3]
    leader = f.user_with_role(
        Role.ZONE_LEADER, zone=org.zone, staff=org.staff[dept.pk][5], user__username="only_leader_in_dept"
    )
    org.leader.is_active = False
    org.leader.save(update_fields=["is_active"])
    return leader, dept


@pytest.fixture
def officer(org):
    return f.user_with_role(Role.CITY_OFFICER, city=org.zone.city, user__username="city_scorer")


def _to_leader_step(org, leader, dept):
    """A round at 领导评分 with the ballots in and every department but ``dept`` scored by ``leader``."""
    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    for k, (dept_name, code) in enumerate(codes):
        svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept_name], 95 - (k % 3)))
    svc.leader_scores_set(actor=leader, round=r, scores={d.pk: 90 for d in org.depts if d != dept})
    svc.round_advance(actor=org.tally, round=r)  # close the voting
    r.refresh_from_db()
    assert r.status == RoundStatus.LEADER
    return r


def test_a_department_no_zone_leader_may_score_is_scored_by_the_city(org, only_leader, officer, client_for):
    leader, dept = only_leader
    r = _to_leader_step(org, leader, dept)
    # the leader is recused, and the step check says who scores it instead
    with pytest.raises(PermissionDeniedError, match="市级管理人员评分"):
        svc.leader_scores_set(actor=leader, round=r, scores={dept.pk: 95})
    with pytest.raises(DomainError, match=f"须由市级管理人员评分：{dept.name}"):
        svc.round_advance(actor=org.tally, round=r)
    # the city officer was told, and finds the form with that department only
    assert Notification.objects.filter(user=officer, kind="performance.round").exists()
    page = client_for(officer).get(reverse("performance:round_detail", args=[r.pk])).content.decode()
    assert f'name="score_{dept.pk}"' in page and f'name="score_{org.depts[0].pk}"' not in page
    # only that department is theirs
    with pytest.raises(PermissionDeniedError, match="本区有领导可以为该部门打分"):
        svc.leader_scores_set(actor=officer, round=r, scores={org.depts[0].pk: 80})
    # through the API, as the leaders score
    resp = client_for(officer).post(
        f"{API}/rounds/{r.pk}/leader-scores",
        json.dumps({"scores": {str(dept.pk): 88}}),
        content_type="application/json",
    )
    assert resp.status_code == 200, resp.content
    assert LeaderScore.objects.get(round=r, department=dept).leader == officer
    assert AuditEvent.objects.filter(note__contains="市级管理人员评分", actor=officer).exists()
    svc.round_advance(actor=org.tally, round=Round.objects.get(pk=r.pk))
    assert Round.objects.get(pk=r.pk).status == RoundStatus.TALLIED


def test_the_city_officers_desk_lists_the_departments_theirs_to_score(org, only_leader, officer, client_for):
    """The notice alone was not enough: a city officer's desk (我的工作台) counts the departments theirs to score
    and links to the round, until one of them has scored."""
    leader, dept = only_leader
    r = _to_leader_step(org, leader, dept)
    desk = client_for(officer).get(reverse("dashboard:home")).content.decode()
    assert 'data-desk="performance.city_scores"' in desk and r.get_absolute_url() in desk
    assert (
        'data-desk="performance.city_scores"'
        not in client_for(leader).get(reverse("dashboard:home")).content.decode()
    )
    svc.leader_scores_set(actor=officer, round=r, scores={dept.pk: 88})
    desk = client_for(officer).get(reverse("dashboard:home")).content.decode()
    assert 'data-desk="performance.city_scores"' not in desk


def test_the_city_does_not_score_while_a_zone_leader_may(org, officer, client_for):
    r, _ = run_round(org, until=RoundStatus.VOTING)
    assert (
        'data-desk="performance.city_scores"'
        not in client_for(officer).get(reverse("dashboard:home")).content.decode()
    )
    with pytest.raises(PermissionDeniedError):
        svc.leader_scores_set(actor=officer, round=r, scores={org.depts[0].pk: 80})
    page = client_for(officer).get(reverse("performance:round_detail", args=[r.pk])).content.decode()
    assert 'data-testid="leader-form"' not in page
    assert not LeaderScore.objects.filter(round=r).exists()


def test_another_citys_officer_never_scores(org, only_leader):
    leader, dept = only_leader
    r = _to_leader_step(org, leader, dept)
    elsewhere = f.CityFactory(name="青岛市", code="370200")
    stranger = f.user_with_role(Role.CITY_OFFICER, city=elsewhere, user__username="other_city_scorer")
    with pytest.raises((NotFoundError, PermissionDeniedError)):  # out of reach (404) or refused (403)
        svc.leader_scores_set(actor=stranger, round=r, scores={dept.pk: 80})
    assert not LeaderScore.objects.filter(round=r, department=dept).exists()
