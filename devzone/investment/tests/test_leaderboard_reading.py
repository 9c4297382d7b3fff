"""The leaderboard as its readers read it (review of 大招商): the scoring rules under the table are one sentence in
the reader's language, the weights listed with that language's separator (the English note kept the Chinese 、 and
。 of a hard-coded join); and the money columns read as money reads everywhere else (``wan``: 万元/亿元 in Chinese,
CNY … million/billion in English), zero included (a "0" stood beside "9.45" and "118.60")."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.investment import services as svc
from devzone.testing import factories as f
from devzone.testing.english import catalog_has
from devzone.testing.investment import TODAY, new_lead
from devzone.testing.investment import sign_contract as sign

pytestmark = pytest.mark.django_db

NOTE = (
    "计分规则：每项指标按功效系数法 60 + 40 ×（x − 最小值）/（最大值 − 最小值）计分，各项相同时均得100分；"
    "综合得分为按权重的加权平均。权重：%(weights)s。签约项目只在首次签约时计数；增资只计增量；"
    "本地投资者和不计入的行业不计。"
)
NOTE_EN = (
    "Scoring: each indicator is scored by the efficacy coefficient method, 60 + 40 × (x − min) / (max − min); "
    "if all values are equal, each scores 100. The overall score is the weighted average. Weights: %(weights)s. "
    "A signed project counts only when first signed; a capital increase counts only the increase; local "
    "investors and excluded industries are not counted."
)


def page(client_for, user, language: str) -> str:
    c = client_for(user)
    c.cookies["devzone_language"] = language
    url = f"{reverse('investment:leaderboard')}?period=year&on={TODAY:%Y-%m-%d}"
    r = c.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert r.status_code == 200
    return r.content.decode()


def note(html: str) -> str:
    m = re.search(r"<div [^>]*data-scoring-note>(.*?)</div>", html, re.S)
    assert m, "the scoring note"
    return m.group(1)


def cells(html: str, column: str) -> dict[str, str]:
    """{team: the text of its cell in ``column``} of the leaderboard's table."""
    return dict(
        re.findall(rf'<tr data-row="([^"]+)">.*?<td class="text-end" {column}>([^<]*)</td>', html, re.S)
    )


def test_the_scoring_note_is_one_sentence_in_the_readers_language(client_for, zone_a_leader, team_a):
    catalog_has({NOTE: NOTE_EN})
    chinese = note(page(client_for, zone_a_leader, "zh-hans"))
    assert (
        "权重：签约项目 20、合同投资额 30、亿元以上 15、" in chinese and "落地率 5。签约项目只在" in chinese
    )
    english = note(page(client_for, zone_a_leader, "en"))
    assert "Weights: Signed projects 20, Contract investment 30, " in english, english
    assert "Landing rate 5. A signed project" in english
    assert not re.search(r"[、。：；（）\u4e00-\u9fff]", english), english


def test_the_money_columns_read_as_money_with_zero_alike(
    client_for, officer, officer2, team_a, team_a2, zone_a_leader
):
    signed = sign(officer, new_lead(officer, team_a, credit_code=f.credit_code_for(6601)), "94500")
    svc.contract_record_funds(actor=officer, contract=signed, funds_arrived=Decimal("1186000") / 100)
    html = page(client_for, zone_a_leader, "zh-hans")
    assert cells(html, "data-investment") == {team_a.name: "9.45亿元", team_a2.name: "0万元"}
    assert cells(html, "data-funds") == {team_a.name: "1.19亿元", team_a2.name: "0万元"}
    assert "（亿元）" not in html.split('data-table="leaderboard"', 1)[1].split("</thead>", 1)[0]
    html = page(client_for, zone_a_leader, "en")
    assert cells(html, "data-investment") == {team_a.name: "CNY 945 million", team_a2.name: "CNY 0"}
    assert cells(html, "data-funds") == {team_a.name: "CNY 118.6 million", team_a2.name: "CNY 0"}
