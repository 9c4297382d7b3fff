"""The lead list's views (在跟线索, 停滞, 已签约, 全部 …) over a filtered list. An officer who searched a firm and
picked a team, then clicked 全部 to see it among the signed and lost ones too, got every lead of the zone: the
view's link was ``?view=all`` alone and dropped the search, the team, the stage, the owner and 只看我负责的.
The links keep them (and start again at page 1)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from devzone.testing import factories as f
from devzone.testing.investment import new_lead

pytestmark = pytest.mark.django_db


def test_a_view_link_keeps_the_search_and_the_filters(client_for, officer, team_a):
    new_lead(officer, team_a, name="视图甲食品有限公司", credit_code=f.credit_code_for(9101))
    new_lead(officer, team_a, name="视图乙食品有限公司", credit_code=f.credit_code_for(9102))
    c = client_for(officer)
    html = c.get("/investment/leads/", {"q": "视图甲", "team": team_a.pk, "page": "2"}).content.decode()
    hrefs = re.findall(r"<a class=\"nav-link[^\"]*\" href=\"(\?[^\"]*)\"", html)
    links = {parse_qs(urlsplit(h.replace("&amp;", "&")).query)["view"][0]: h for h in hrefs}
    query = parse_qs(urlsplit(links["all"].replace("&amp;", "&")).query)
    assert query.get("q") == ["视图甲"] and query.get("team") == [str(team_a.pk)]
    assert query.get("view") == ["all"] and "page" not in query
    listed = c.get("/investment/leads/" + links["all"].replace("&amp;", "&")).content.decode()
    assert "视图甲食品有限公司" in listed and "视图乙食品有限公司" not in listed
