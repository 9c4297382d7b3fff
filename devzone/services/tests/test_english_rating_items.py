"""What was rated is stored as 审批：<item> / 诉求：<title> / 全程代办：<project>, in Chinese whoever rated (the list's
search matches it so); an English reader reads its kind in English on the rating list and the follow-up list,
the name as typed."""

from __future__ import annotations

import pytest
from django.utils import translation

from devzone.services.models import Rating
from devzone.services.services.ratings import item_label
from devzone.testing.english import catalog_has

pytestmark = pytest.mark.django_db
ENGLISH = {
    "审批：%(name)s": "Approval: %(name)s",
    "诉求：%(name)s": "Request: %(name)s",
    "全程代办：%(name)s": "End-to-end facilitation: %(name)s",
}


@pytest.fixture
def english():
    catalog_has(ENGLISH)


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
