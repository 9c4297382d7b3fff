"""Two people on one problem's page (the responsible officer and the agent) both record progress. The second
note was refused as stale ("该问题刚被他人处理过") although a note replaces nothing: its text was lost. A note is
appended whatever version the page read; a resolution from a page read before a note is still refused (the note
may say the problem is not solved), and a resolved problem takes no note."""

import pytest
from django.urls import reverse

from devzone.core.errors import ConflictError
from devzone.projects.models import Problem
from devzone.projects.services import problem_note_add, problem_resolve
from devzone.testing.projects import TODAY, key, problem

pytestmark = pytest.mark.django_db


def test_two_notes_from_the_same_page_view_are_both_kept(a, client_for):
    key(a)
    p = problem(a)
    seen = p.version
    url = reverse("projects:problem_action", args=[p.pk, "note"])
    client_for(a.agent).post(url, {"text": "已联系供电公司", "version": seen})
    page = client_for(a.officer).post(url, {"text": "供电公司下周施工", "version": seen}, follow=True)
    assert "该问题刚被他人处理过" not in page.content.decode()
    assert [n.text for n in Problem.objects.get(pk=p.pk).notes.all()] == [
        "已联系供电公司",
        "供电公司下周施工",
    ]


def test_a_resolution_from_before_a_note_is_still_refused_and_a_resolved_problem_takes_no_note(a):
    key(a)
    p = problem(a)
    seen = p.version
    problem_note_add(actor=a.agent, problem=p, text="尚未接电", expected_version=seen, on=TODAY)
    with pytest.raises(ConflictError):
        problem_resolve(actor=a.officer, problem=p, resolution="已接电", expected_version=seen, on=TODAY)
    done = problem_resolve(
        actor=a.officer, problem=p, resolution="已接电", expected_version=seen + 1, on=TODAY
    )
    assert done.status == "resolved"
    from devzone.core.errors import DomainError

    with pytest.raises(DomainError):
        problem_note_add(actor=a.agent, problem=p, text="补充", expected_version=done.version, on=TODAY)
