"""The demo's 年度考核不称职 case (``demo._year_review``): before, the demo had none — only an unmet term target — so
the path 不称职 → 解聘 under 《事业单位人事管理条例》第十八条 (``DismissalRule``) could not be seen. Now one 2026 review
is graded 不称职 (the weakest proposal among the staff without an account, the lowest 工号 among equals: the same
person on every load), its case is decided 降岗, the person refuses it in writing, and the case is back with the
leaders with 解聘 open; the decision itself is left to ``leader``."""

import pytest
from django.utils import timezone

from devzone.core.choices import Role
from devzone.personnel import demo
from devzone.personnel.choices import CaseStatus, EliminationAction
from devzone.personnel.models import AnnualReview, EliminationCase
from devzone.personnel.services import staffing
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def _reviews(zone):
    """Staff JB01…JB05 with their 2026 reviews as ``reviews_prepare`` leaves them (proposed, undecided): JB01 has
    an account (a leader), JB02 and JB04 are proposed 基本称职, JB05 is the last (the term target's person)."""
    proposed = {"JB01": "incompetent", "JB02": "basic", "JB03": "competent", "JB04": "basic", "JB05": "basic"}
    staff = {}
    for no, grade in proposed.items():
        staff[no] = f.StaffFactory(zone=zone, employee_no=no)
        AnnualReview.objects.create(zone=zone, staff=staff[no], year=2026, quarters={}, proposed=grade)
    leader = f.staff_user(Role.ZONE_LEADER, staff["JB01"], "demo_leader")
    return staff, leader


def test_the_demo_shows_an_incompetent_year_up_to_an_open_dismissal(zone_a, client_for):
    staff, leader = _reviews(zone_a)
    demo._year_review(zone_a)
    unfit = AnnualReview.objects.get(zone=zone_a, grade="incompetent")
    assert unfit.staff == staff["JB02"] and unfit.note == demo.INCOMPETENT_NOTE
    case = EliminationCase.objects.get(zone=zone_a, trigger="incompetent")
    assert case.staff == staff["JB02"]
    assert (case.status, case.action) == (CaseStatus.REFUSED, EliminationAction.DEMOTE)
    assert case.adjustment_refusal == demo.REFUSAL_STATEMENT
    terms = staffing.dismissal_terms(case, timezone.localdate())
    assert terms is not None and terms.open and terms.refused and terms.years == 1
    assert "第十八条" in terms.rule.basis
    # the demo's other case is still the unmet term target, for the leader to decide
    assert EliminationCase.objects.get(zone=zone_a, trigger="term_target").staff == staff["JB05"]
    assert EliminationCase.objects.filter(zone=zone_a).count() == 2
    page = client_for(leader).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="dismissal-open"' in page and '<option value="dismiss">' in page


def test_a_zone_without_reviews_gets_no_such_case(zone_a):
    f.StaffFactory(zone=zone_a, employee_no="JB09")
    demo._year_review(zone_a)
    assert not EliminationCase.objects.filter(zone=zone_a, trigger="incompetent").exists()
