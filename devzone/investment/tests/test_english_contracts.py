"""An English reader of the contracts: why a contract counts nothing (本地投资者, 不计入的行业, a formal contract
after its framework agreement) is stored in Chinese — the figures compare the stored text — and was shown as
stored on the contract's page, in the contract list and in the API; it reads in the reader's language now. The
leaderboard's chart reads its axis names in the reader's language (its categories are the teams' and officers'
names, data shown as typed)."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from devzone.investment import counting
from devzone.testing import factories as f
from devzone.testing.english import catalog_has, chinese_left
from devzone.testing.investment import TODAY, new_lead
from devzone.testing.investment import sign_contract as sign

pytestmark = pytest.mark.django_db
API = "/api/v1/investment"
CJK = re.compile(r"[\u4e00-\u9fff]")

IN_CATALOG = {
    "本地投资者": "Local investor",
    "综合得分": "Overall score",
    "合同投资额（亿元）": "Contract investment (100 million yuan)",
}
# this change's new messages (the lead adds them to the English catalog)
NEW = {
    "不计入的行业": "Industry not counted",
    "同一项目再次签约：首次签约已计数，金额以本合同为准": "The same project signed again: counted at its first "
    "signing, with this contract's amount",
}


def _lead(officer, team, n, **kw):
    return new_lead(officer, team, name=f"英文{n}食品有限公司", credit_code=f.credit_code_for(8800 + n), **kw)


def _english(client_for, user):
    c = client_for(user)
    c.cookies["devzone_language"] = "en"
    return c


def _data(reader, *names) -> list[str]:
    return [reader.profile.zone.name, reader.profile.display_name, *names, "简体中文", "语言"]


def test_a_local_investors_contract_reads_its_reason_in_english(client_for, officer, team_a, zone_a_leader):
    catalog_has(IN_CATALOG)
    x = _lead(officer, team_a, 1, is_local=True)
    contract = sign(officer, x, "5000", project_name="Local plant")
    assert contract.excluded_reason == counting.LOCAL  # stored as the rules write it
    c = _english(client_for, zone_a_leader)
    names = _data(zone_a_leader, team_a.name, x.company_name)
    for url in (contract.get_absolute_url(), reverse("investment:contract_list")):
        html = c.get(url).content.decode()
        assert "Local investor" in html, url
        assert chinese_left(html, names) == [], url
    row = c.get(f"{API}/contracts/{contract.pk}").json()
    assert (row["excluded_reason"], row["excluded_reason_label"]) == ("本地投资者", "Local investor")
    chinese = client_for(zone_a_leader).get(f"{API}/contracts/{contract.pk}").json()
    assert chinese["excluded_reason_label"] == "本地投资者"


def test_every_stored_reason_reads_in_english(client_for, officer, team_a, zone_a_leader):
    catalog_has(NEW)
    firm = _lead(officer, team_a, 2, industry="70")
    estate = sign(officer, firm, "9000", project_name="Estate")
    x = _lead(officer, team_a, 3)
    framework = sign(officer, x, "9000", signed_on=TODAY.replace(day=1), project_name="Framework")
    x.refresh_from_db()
    formal = sign(officer, x, "9500", project=framework.project, project_name="Formal")
    assert (estate.excluded_reason, formal.excluded_reason) == (counting.EXCLUDED_KIND, counting.RESTATED)
    c = _english(client_for, zone_a_leader)
    names = _data(zone_a_leader, team_a.name, firm.company_name, x.company_name)
    for url in (estate.get_absolute_url(), formal.get_absolute_url(), reverse("investment:contract_list")):
        assert chinese_left(c.get(url).content.decode(), names) == [], url
    labels = {r["id"]: r["excluded_reason_label"] for r in c.get(f"{API}/contracts").json()["items"]}
    assert labels[estate.pk] == NEW["不计入的行业"]
    assert labels[formal.pk] == NEW["同一项目再次签约：首次签约已计数，金额以本合同为准"]


def test_the_leaderboards_chart_names_its_axes_in_english(client_for, officer, team_a, zone_a_leader):
    catalog_has(IN_CATALOG)
    sign(officer, _lead(officer, team_a, 4), "15000")
    html = _english(client_for, zone_a_leader).get(reverse("investment:leaderboard")).content.decode()
    m = re.search(r'<script id="chart-board" type="application/json">(.*?)</script>', html, re.S)
    chart = json.loads(m.group(1))
    assert chart["names"] == {
        "score": "Overall score",
        "investment": "Contract investment (100 million yuan)",
    }
    assert chart["labels"] == [team_a.name]  # the categories: the teams' names, as typed
    assert not CJK.search(json.dumps({k: v for k, v in chart.items() if k != "labels"}, ensure_ascii=False))
