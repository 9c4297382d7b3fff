"""第二十七条 回避 on the officer's desk: a registration the officer declared 回避 on is refused them at every step
(``registrations.refuse_recused``), so the desk no longer lists or counts it for them — its screening, its score
to enter second, its hiring step, and the 加试 of the candidates tied with it (the 加试 decides between them all,
``hiring.extra_test_open``) — while the other officers still see it. The desk listed them all before the fix, a
count and a link to steps the service would then refuse (each test failed before it)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_extra_test import _ranked
from devzone.personnel.tests.test_recruitment import _one_seated, apply, opening_of
from devzone.testing import factories as f
from devzone.testing.personnel import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_a3(zone_a):
    return f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_a3")


def desk_of(client_for, user) -> dict:
    page = client_for(user).get(reverse("dashboard:home"))
    assert page.status_code == 200
    return {e.key: e for e in page.context["desk"]}


def test_a_registration_to_screen_leaves_the_desk_of_the_officer_recused_on_it(
    city, campaign, officer_a, officer_a2, client_for
):
    regs = [apply(make_candidate(city, 60 + i), opening_of(campaign)) for i in range(2)]
    reg_svc.registration_recuse(actor=officer_a, registration=regs[0].pk, reason="该考生系本人表妹")
    mine = desk_of(client_for, officer_a)["personnel.screening"]
    assert mine.count == 1 and [r.url for r in mine.rows] == [regs[1].get_absolute_url()]
    assert desk_of(client_for, officer_a2)["personnel.screening"].count == 2


def test_a_score_to_enter_second_leaves_the_desk_of_the_officer_recused_on_it(
    city, campaign, officer_a, officer_a2, officer_a3, city_officer, client_for
):
    reg = _one_seated(city, campaign, officer_a, city_officer)
    exams.score_enter(actor=officer_a3, registration=reg.pk, stage="written", score="81.5")
    assert desk_of(client_for, officer_a)["personnel.second_entry"].count == 1
    reg_svc.registration_recuse(actor=officer_a, registration=reg.pk, reason="该考生系本人外甥")
    assert desk_of(client_for, officer_a)["personnel.second_entry"].count == 0
    assert desk_of(client_for, officer_a2)["personnel.second_entry"].count == 1


def test_a_proposed_hire_leaves_the_desk_of_the_officer_recused_on_it(
    ranked, officer_a, officer_a2, client_for
):
    hired = ranked[0]
    assert desk_of(client_for, officer_a)["personnel.hire_steps"].count == 1
    reg_svc.registration_recuse(actor=officer_a, registration=hired.pk, reason="该考生系本人堂弟")
    assert desk_of(client_for, officer_a)["personnel.hire_steps"].count == 0
    assert desk_of(client_for, officer_a2)["personnel.hire_steps"].count == 1


def test_a_tie_leaves_the_desk_of_the_officer_recused_on_one_of_the_tied(
    city, campaign, officer_a, officer_a2, city_officer, client_for
):
    hires, regs = _ranked(
        city, campaign, [officer_a, officer_a2], city_officer, ["90", "90", "80", "70"], ["80", "80", "85"]
    )
    a, b, _third = regs
    assert set(hires.undecided) == {str(a.pk), str(b.pk)}
    assert desk_of(client_for, officer_a)["personnel.tied"].count == 2
    reg_svc.registration_recuse(actor=officer_a, registration=b.pk, reason="该考生系本人外甥")
    # neither A nor B: the 加试 decides between them, and the service refuses the officer both scores
    assert "personnel.tied" not in desk_of(client_for, officer_a)
    assert desk_of(client_for, officer_a2)["personnel.tied"].count == 2
