"""The pages of 企业服务 that name what was rated (stored as 诉求：<title>, in Chinese whoever rated) or a key
project's next step (stored as 规划许可 …): an English reader reads the kind and the default step in English
(``|rating_item``, ``|milestone``), the name as typed, on the rating, rate and appeal pages, both homes and the
enterprise's file; the Chinese reader reads what was stored. What was rated is stored as 审批：<item> / 诉求：<title> /
全程代办：<project> (the list's search matches it so): the rating list and the follow-up list read its kind in
English too (``item_label``)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.projects.models import KeyProject
from devzone.projects.services import handover_to_build
from devzone.services.models import Rating
from devzone.services.services import followups as follow_svc
from devzone.services.services.ratings import item_label
from devzone.testing import factories as f
from devzone.testing.english import catalog_has, chinese_left

pytestmark = pytest.mark.django_db

# the English of the texts this test reads (the project's catalog is compiled separately, from the same texts)
ENGLISH = {
    "审批：%(name)s": "Approval: %(name)s",
    "诉求：%(name)s": "Request: %(name)s",
    "全程代办：%(name)s": "End-to-end facilitation: %(name)s",
    "规划许可": "Planning permit",
    "下一节点：%(m)s（计划%(d)s）": "Next milestone: %(m)s (planned %(d)s)",
}


@pytest.fixture
def english():
    catalog_has(ENGLISH)


# --- the kind of what was rated, on the lists ---------------------------------------------------------------------
def test_the_kind_is_translated_and_the_name_kept(english):
    with translation.override("en"):
        assert item_label("审批：建设工程规划许可") == "Approval: 建设工程规划许可"
        assert item_label("诉求：冷库用电专线") == "Request: 冷库用电专线"
        assert item_label("全程代办：金晔食品项目") == "End-to-end facilitation: 金晔食品项目"
        assert item_label("其他说法：X") == "其他说法：X"  # not written by the rating: as stored
    assert item_label("诉求：冷库用电专线") == "诉求：冷库用电专线"


def test_the_enterprise_reads_its_ratings_and_follow_ups_in_english(client_for, side_a, english):
    rating = side_a.rating(level=1, comment="差")
    assert Rating.objects.get(pk=rating.pk).item.startswith("诉求：")  # stored as before
    c = client_for(side_a.company)
    c.cookies["devzone_language"] = "en"
    title = rating.item.removeprefix("诉求：")
    for url in ("/services/ratings/", "/services/followups/"):
        html = c.get(url).content.decode()
        assert f"Request: {title}" in html, url
        assert "诉求：" not in html, url


# --- every page that names it -----------------------------------------------------------------------------------
@pytest.fixture
def rated(side_a):
    """A bad rating of a request, appealed by the officer who served (its follow-up open), another called back
    (the enterprise rates the rectification), an answered request not yet rated, and a key project of the
    enterprise whose next step is a default one."""
    bad = side_a.rating(1, "太慢", "冷库用电专线")
    appeal = follow_svc.appeal_file(actor=side_a.officer, rating=bad, reason="误评")
    called = side_a.rating(1, "太慢", "污水管网接入")
    side_a.call_back(called, "协调管网公司接入")
    unrated = side_a.request("answered", title="厂区道路照明")
    project = f.ProjectFactory(zone=side_a.zone, enterprise=side_a.enterprise, name="冷链仓储项目")
    handover_to_build(actor=side_a.leader, project=project)
    KeyProject.objects.filter(project=project).update(next_milestone="规划许可")
    return {"rating": bad, "appeal": appeal, "unrated": unrated, "project": project}


def _page(client_for, user, url: str, language: str = "en") -> str:
    c = client_for(user)
    c.cookies["devzone_language"] = language
    r = c.get(url)
    assert r.status_code == 200, url
    return r.content.decode()


# page: (who reads it, its address, the name of the service shown there)
PAGES = {
    "rating_detail": (
        "company",
        lambda s, w: reverse("services:rating_detail", args=[w["rating"].pk]),
        "冷库用电专线",
    ),
    # the rectification called back, for the enterprise to rate
    "home_enterprise": ("company", lambda s, w: reverse("services:home"), "污水管网接入"),
    "rate": (
        "company",
        lambda s, w: reverse("services:rate", args=["request", w["unrated"].pk]),
        "厂区道路照明",
    ),
    "appeal_list": ("leader", lambda s, w: reverse("services:appeal_list"), "冷库用电专线"),
    "appeal_detail": (
        "leader",
        lambda s, w: reverse("services:appeal_detail", args=[w["appeal"].pk]),
        "冷库用电专线",
    ),
    # the open follow-up, and the appeal waiting for the leader
    "home_staff_leader": ("leader", lambda s, w: reverse("services:home"), "冷库用电专线"),
    "home_staff_head": ("head", lambda s, w: reverse("services:home"), "冷库用电专线"),
    "enterprise_file": (
        "leader",
        lambda s, w: reverse("services:enterprise_file", args=[s.enterprise.pk]),
        "冷库用电专线",
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_rated_service_reads_in_english_on_every_page_that_names_it(
    page, client_for, side_a, rated, english
):
    who, url, name = PAGES[page]
    html = _page(client_for, getattr(side_a, who), url(side_a, rated))
    assert f"Request: {name}" in html
    assert "诉求：" not in html


def test_the_enterprise_file_reads_the_next_step_in_english(client_for, side_a, rated, english):
    url = reverse("services:enterprise_file", args=[side_a.enterprise.pk])
    html = _page(client_for, side_a.leader, url)
    assert "Next milestone: Planning permit (planned" in html
    assert not {"诉求", "规划许可", "下一节点"} & set(
        chinese_left(html, [rated["rating"].item, "冷链仓储项目"])
    )


def test_the_chinese_reader_reads_the_stored_words(client_for, side_a, rated):
    rating = rated["rating"]
    assert rating.item in _page(
        client_for, side_a.company, reverse("services:rating_detail", args=[rating.pk]), "zh-hans"
    )
    html = _page(
        client_for, side_a.leader, reverse("services:enterprise_file", args=[side_a.enterprise.pk]), "zh-hans"
    )
    assert rating.item in html and "下一节点：规划许可" in html
