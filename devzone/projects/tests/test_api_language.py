"""The key-project API in the reader's language: the reason of a project's colour and the next milestone are
stored in Chinese (逾期6个月未开工；落后序时进度77.7个百分点, 规划许可) whoever wrote them; the API answers them in
the request's language, as the pages read them (``projects.wording``), with stable codes beside them
(``status_reasons[].code``, ``next_milestone_code``, a milestone's ``code``) that read the same in every
language."""

from __future__ import annotations

import pytest
from django.conf import settings

from devzone.projects.models import KeyProject, Milestone
from devzone.projects.tests.conftest import key
from devzone.testing.english import catalog_has

pytestmark = pytest.mark.django_db

STORED = "逾期6个月未开工；落后序时进度77.7个百分点"
ENGLISH = {
    "逾期%(months)s个月未开工": "Start overdue by %(months)s mo.",
    "落后序时进度%(points)s个百分点": "%(points)s percentage points behind schedule",
    "；": "; ",
    "规划许可": "Planning permit",
    "主体完工": "Main structure completed",
}
REASONS = [
    {"code": "late_start", "months": 6, "points": None},
    {"code": "behind", "months": None, "points": "77.7"},
]


@pytest.fixture
def english():
    catalog_has(ENGLISH)


def _red(a):
    key(a)
    KeyProject.objects.filter(project=a.project).update(
        status="red", status_reason=STORED, next_milestone="规划许可", next_milestone_code="planning_permit"
    )
    Milestone.objects.filter(project=a.project, code="efficacy").update(name="达效（一期）")  # renamed


def _get(client_for, user, url: str, language: str | None = None):
    c = client_for(user)
    if language:
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    r = c.get(url)
    assert r.status_code == 200, (url, r.content)
    return r.json()


def _codes(reasons: list[dict]) -> list[dict]:
    return [{k: r[k] for k in ("code", "months", "points")} for r in reasons]


def _points(reasons: list[dict]) -> list[dict]:
    return [{**r, "points": str(r["points"]) if r["points"] is not None else None} for r in _codes(reasons)]


def test_the_leader_reads_the_reason_and_next_milestone_in_english_with_their_codes(client_for, a, english):
    _red(a)
    url = f"/api/v1/projects/key-projects/{a.project.pk}"
    for out in (
        _get(client_for, a.leader, url, "en"),
        _get(client_for, a.leader, "/api/v1/projects/key-projects", "en")["items"][0],
    ):
        assert out["status_reason"] == "Start overdue by 6 mo.; 77.7 percentage points behind schedule"
        assert _points(out["status_reasons"]) == REASONS
        assert [r["text"] for r in out["status_reasons"]] == [
            "Start overdue by 6 mo.",
            "77.7 percentage points behind schedule",
        ]
        assert (out["next_milestone"], out["next_milestone_code"]) == ("Planning permit", "planning_permit")
    names = {m["code"]: m["name"] for m in _get(client_for, a.leader, f"{url}/milestones", "en")}
    assert names["structure_done"] == "Main structure completed"
    assert names["efficacy"] == "达效（一期）"  # a step the zone renamed is its data: as named


def test_the_chinese_reader_reads_the_stored_words_and_the_same_codes(client_for, a):
    _red(a)
    url = f"/api/v1/projects/key-projects/{a.project.pk}"
    for language in (None, "zh-hans"):
        out = _get(client_for, a.leader, url, language)
        assert out["status_reason"] == STORED
        assert _points(out["status_reasons"]) == REASONS
        assert [r["text"] for r in out["status_reasons"]] == STORED.split("；")
        assert (out["next_milestone"], out["next_milestone_code"]) == ("规划许可", "planning_permit")
        names = {m["code"]: m["name"] for m in _get(client_for, a.leader, f"{url}/milestones", language)}
        assert names["structure_done"] == "主体完工"


def test_the_enterprise_reads_its_next_milestone_in_english_without_the_internal_reason(
    client_for, a, english
):
    _red(a)
    out = _get(client_for, a.company, f"/api/v1/projects/key-projects/{a.project.pk}", "en")
    assert (out["next_milestone"], out["next_milestone_code"]) == ("Planning permit", "planning_permit")
    assert out["status_reason"] is None and out["status_reasons"] is None


def test_words_the_status_did_not_write_read_as_stored_under_the_code_other(client_for, a, english):
    key(a)
    KeyProject.objects.filter(project=a.project).update(
        status_reason="节点逾期10天；红色项目赶上进度，观察期内显示黄色"
    )
    out = _get(client_for, a.leader, f"/api/v1/projects/key-projects/{a.project.pk}", "en")
    assert [(r["code"], r["text"]) for r in out["status_reasons"]] == [
        ("other", "节点逾期10天"),
        (
            "recovering",
            "Caught up after being seriously behind: shown as behind during the observation period",
        ),
    ]


def test_the_status_computation_stores_the_next_milestones_code_with_its_name(client_for, a):
    """Not set by hand: the handover's computation writes the first open milestone's code beside its name, and
    recording that milestone moves both on."""
    from devzone.projects.services import milestone_record

    t = key(a)
    t.refresh_from_db()
    first = Milestone.objects.filter(project=a.project, actual_on__isnull=True).order_by("order").first()
    assert (t.next_milestone, t.next_milestone_code) == (first.name, first.code)
    milestone_record(actor=a.agent, milestone=first, actual_on=a.project.signed_on)
    t.refresh_from_db()
    second = Milestone.objects.filter(project=a.project, actual_on__isnull=True).order_by("order").first()
    assert second.code != first.code
    assert (t.next_milestone, t.next_milestone_code) == (second.name, second.code)
    out = _get(client_for, a.leader, f"/api/v1/projects/key-projects/{a.project.pk}")
    assert out["next_milestone_code"] == second.code


def test_the_timetable_templates_default_steps_read_in_english(client_for, a, english):
    catalog_has({"签约": "Signed"})
    steps = _get(client_for, a.leader, "/api/v1/projects/template", "en")["steps"]
    names = {s["code"]: s["name"] for s in steps}
    assert (names["signing"], names["structure_done"]) == ("Signed", "Main structure completed")
    steps = _get(client_for, a.leader, "/api/v1/projects/template")["steps"]
    assert {s["code"]: s["name"] for s in steps}["signing"] == "签约"
