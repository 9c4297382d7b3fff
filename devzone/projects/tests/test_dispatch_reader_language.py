"""The weekly dispatch in its reader's language: every heading and label the dispatch writes — its subtitle, its
sections' titles, column names, labels (本周到期, 待分派 …), summaries, dates, amounts and closing line — is
stored as what it is written from (msgids with their figures: projects.dispatch) and written in the language of
whoever reads the issue, on its page, in the API and in the Word document downloaded. Names are data and stay as
they were written. Issues stored before, in Chinese strings, are read back the same way."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from devzone.core.choices import Role
from devzone.projects.dispatch import shown_content
from devzone.projects.models import WeeklyDispatch
from devzone.projects.services.dispatching import build_content, dispatch_issue
from devzone.testing import factories as f
from devzone.testing.english import catalog_has
from devzone.testing.projects import dispatch_week, problem

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 6, 16)
HAN = re.compile(r"[\u4e00-\u9fff]")
# the English of the words the dispatch writes (the project's catalog, compiled from the same texts)
ENGLISH = {
    "%(start)s—%(end)s　（%(on)s生成）": "%(start)s – %(end)s (issued %(on)s)",
    "一、本周新签约项目": "1. Projects signed this week",
    "四、未解决及超期问题（按责任人）": "4. Open and overdue problems (by owner)",
    "五、临近办理期限的审批件": "5. Approval files near their deadline",
    "本周到期": "Due this week",
    "未解决问题%(open)d个，其中超期%(overdue)d个": "%(open)d open problems, %(overdue)d of them overdue",
    "超期问题（按期限先后，最多30条）": "Overdue problems (by deadline, at most 30)",
    "总体情况": "Overview",
}


@pytest.fixture
def english():
    catalog_has(ENGLISH)


@pytest.fixture
def full(a, settings):
    """A zone whose dispatch has rows in every section: a signing, a milestone due and one missed, a project
    turned red, an overdue problem, an approval file past its promised limit."""
    from devzone.testing.approvals import ItemFactory, accepted

    settings.DEVZONE_SEAL_MASTER_KEY = "11" * 32
    dispatch_week(a, MONDAY)
    problem(a, title="用电超期", on=dt.date(2025, 6, 2), deadline_workdays=3)
    item = ItemFactory(zone=a.zone, name="排水许可", promised_limit_days=5)
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=a.zone, user__username="clerk")
    accepted(a.company, clerk, a.officer, a.project, item, on=dt.date(2025, 6, 3))
    return a


def _data(a) -> list[str]:
    """The names on the page, which are data and stay as written."""
    return [
        a.zone.name,
        a.project.name,
        "本周签约项目",
        a.enterprise.name,
        a.agent_staff.name,
        a.officer_staff.name,
        a.economy.name,
        "用电超期",
        "排水许可",
    ]


def _headings(page: str) -> list[str]:
    """Every heading and label the dispatch page writes around its data."""
    patterns = (
        r'<h2 class="page-title mb-0">(.*?)</h2>',
        r'<div class="text-secondary">(.*?)</div>',  # the subtitle
        r'<h3 class="card-title me-auto">(.*?)</h3>',
        r'<span class="text-secondary small">(.*?)</span>',  # each section's summary
        r"<th>(.*?)</th>",
        r'<div class="fw-bold mb-2">(.*?)</div>',  # the details' title
        r'<p class="text-secondary">(.*?)</p>',  # the closing line
    )
    return [h for p in patterns for h in re.findall(p, page, re.S)]


def _english_client(client_for, user):
    c = client_for(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return c


def test_the_english_reader_reads_every_heading_of_the_page_in_english(full, english, client_for):
    a = full
    d = dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY)
    page = _english_client(client_for, a.leader).get(d.get_absolute_url()).content.decode()
    headings = _headings(page)
    assert len(re.findall(r'data-section="', page)) == 5 and len(headings) > 30
    # the zone's name is data (the title names it)
    assert [h for h in headings if HAN.search(h.replace(a.zone.name, ""))] == []
    assert "1. Projects signed this week" in headings and "Overview" not in page  # (Overview: the Word paper)
    assert "June 16, 2025" in page and "Due this week" in page
    from devzone.testing.english import chinese_left

    content = page[page.index('<h2 class="page-title') : page.rindex("<footer")]  # the frame left out
    assert chinese_left(content, _data(a)) == []


def test_the_chinese_reader_reads_the_same_issue_in_chinese(full, client_for):
    a = full
    with translation.override("en"):  # issued from an English page: stored as what it is written from
        d = dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY)
    page = client_for(a.leader).get(d.get_absolute_url()).content.decode()
    headings = _headings(page)
    assert "一、本周新签约项目" in headings and "五、临近办理期限的审批件" in headings
    assert "2025年6月16日" in page and "本周到期" in page
    assert not re.search(r"\b(Project|Due this week|working day)", json.dumps(d.content, ensure_ascii=False))


def test_the_api_answers_the_content_in_the_callers_language(full, english, client_for):
    a = full
    d = dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY)
    content = (
        _english_client(client_for, a.leader).get(f"/api/v1/projects/dispatches/{d.pk}").json()["content"]
    )
    assert not HAN.search(content["subtitle"]) and not HAN.search(content["footer"])
    for s in content["sections"]:
        assert not HAN.search(s["title"]) and not HAN.search(s["summary"]), s["key"]
        assert not any(HAN.search(c) for c in s["columns"]), s["key"]


def test_the_word_document_is_written_in_the_readers_language(full, english, client_for):
    from docx import Document

    a = full
    d = dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY)
    answer = _english_client(client_for, a.leader).get(reverse("projects:dispatch_download", args=[d.pk]))
    assert "weekly-dispatch_" in answer["Content-Disposition"]
    doc = Document(BytesIO(b"".join(answer.streaming_content) if answer.streaming else answer.content))
    paragraphs = [p.text.replace(a.zone.name, "") for p in doc.paragraphs]
    assert "Overview" in paragraphs and "1. Projects signed this week" in paragraphs
    assert [p for p in paragraphs if HAN.search(p.replace("本周签约项目", ""))] == []
    headers = [c.text for t in doc.tables for c in t.rows[0].cells]
    assert headers and not any(HAN.search(h) for h in headers)
    # the Chinese reader downloads the document kept at the issue
    kept = client_for(a.leader).get(reverse("projects:dispatch_download", args=[d.pk]))
    body = b"".join(kept.streaming_content) if kept.streaming else kept.content
    assert body == bytes(d.docx)


def _as_stored_before(content: dict) -> dict:
    """The content as the dispatch stored it before its words were stored as msgids: Chinese strings."""
    with translation.override("zh-hans"):
        old = shown_content(content)
    old["title"] = content["title"]["p"]["zone"] + "重点项目周调度"
    return old


def test_an_issue_stored_in_chinese_strings_reads_in_english_too(full, english, client_for):
    a = full
    d = dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY)
    old = _as_stored_before(build_content(zone=a.zone, on=MONDAY))
    assert old["sections"][3]["summary"] == "未解决问题1个，其中超期1个"  # a Chinese string, as stored before
    WeeklyDispatch.objects.filter(pk=d.pk).update(content=old)
    page = _english_client(client_for, a.leader).get(d.get_absolute_url()).content.decode()
    headings = _headings(page)
    assert [h for h in headings if HAN.search(h.replace(a.zone.name, ""))] == []
    assert "1 open problems, 1 of them overdue" in headings and "Due this week" in page
    # the labels, dates, amounts, milestones' default names and status reasons of its cells too
    from devzone.testing.english import chinese_left

    content = page[page.index('<h2 class="page-title') : page.rindex("<footer")]
    assert chinese_left(content, _data(a)) == []
