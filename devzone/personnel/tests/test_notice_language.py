"""The daily job's notice that a 刚性淘汰 decision is final is written in its reader's language (Profile.language;
Chinese when none was chosen), the decision's label too, not in the language of the job that writes it."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from devzone.core.choices import Role
from devzone.core.models import Notification, Profile
from devzone.personnel import jobs
from devzone.personnel.models import AnnualReview, EliminationCase
from devzone.personnel.services import staffing as svc
from devzone.personnel.tests.test_staffing import YEAR, org  # noqa: F401  (fixture)
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def _decided(org, username: str):  # noqa: F811
    """A 不称职 case decided (转岗) whose appeal window closed yesterday, and its person's account."""
    review = AnnualReview.objects.filter(year=YEAR, grade="").first()
    svc.review_decide(actor=org.leader, review=review, grade="incompetent", note="不称职")
    svc.cases_flag(actor=org.leader, zone=org.zone, year=YEAR)
    case = svc.case_decide(
        actor=org.leader,
        case=EliminationCase.objects.get(staff=review.staff),
        action="transfer",
        reason="年度考核不称职，转岗",
    )
    EliminationCase.objects.filter(pk=case.pk).update(
        appeal_until=timezone.localdate() - dt.timedelta(days=1)
    )
    profile = Profile.objects.filter(staff=review.staff).select_related("user").first()
    if profile:
        return profile.user
    return f.user_with_role(Role.DEPARTMENT_HEAD, zone=org.zone, staff=review.staff, user__username=username)


def test_the_final_decision_reaches_each_person_in_their_language(org):  # noqa: F811
    svc.reviews_prepare(actor=org.leader, zone=org.zone, year=YEAR)
    chinese, english = _decided(org, "person_zh"), _decided(org, "person_en")
    Profile.objects.filter(user=english).update(language="en")
    with translation.override("zh-hans"):  # the job's own language does not matter
        assert jobs.cases_finalize.call() == 2
    final = Notification.objects.filter(kind="personnel.case", title__contains="已生效")
    assert final.get(user=chinese).title == "刚性淘汰决定已生效：转岗（申诉期限届满，未提出申诉）"
    assert Notification.objects.get(
        user=english, kind="personnel.case", dedupe_key__endswith="final"
    ).title == ("Mandatory exit decision in effect: Transfer (the appeal period ended without an appeal)")
