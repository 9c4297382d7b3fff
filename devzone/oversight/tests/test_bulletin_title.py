"""The reform bulletin's title in English: the title first, the city's name (data, in Chinese) after it — it read
"济南市 development zone reform bulletin", the Chinese word order with the city's name leading an English title.
In Chinese it stays 济南市开发区改革简报. Needs the English catalog with the title's msgid
("%(name)s开发区改革简报", tr_plan.json)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _title(client, language: str) -> str:
    client.cookies["devzone_language"] = language
    html = client.get(reverse("oversight:bulletin")).content.decode()
    return re.search(r'<h2 class="page-title[^"]*">(.*?)</h2>', html, re.S).group(1).strip()


def test_the_bulletins_title_reads_in_the_readers_word_order(client_for, city_officer, city):
    c = client_for(city_officer)
    assert _title(c, "zh-hans") == "济南市开发区改革简报"
    english = _title(c, "en")
    assert english.startswith("Development zone reform bulletin") and english.endswith("济南市"), english
