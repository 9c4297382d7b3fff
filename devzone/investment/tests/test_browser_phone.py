"""招商成果 on an officer's 390-px phone, in Chinese and in English: the page needs no sideways scroll (the date
range's form ran 454 px wide) and each project over 10亿元 is a card, its figures headed by their column, instead
of a table whose last columns hide off the card. Screenshots: ``screenshots/investment-phone-*.png``."""

from __future__ import annotations

import pytest

from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.investment import (  # noqa: F401  (real_today: the real day)
    browser_team,
    new_lead,
    officer_of,
    real_today,
    sign_contract,
)

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("investment-phone")
PHONE = (390, 844)


@pytest.fixture
def world(transactional_db):
    team = browser_team()
    officer = officer_of(team, "zhaoshang")
    lead = new_lead(officer, team, name="世茂（济南）文旅发展有限公司", credit_code=f.credit_code_for(5151))
    sign_contract(officer, lead, "2300000", project_name="世茂集团澄波湖综合开发文旅项目")
    return {"officer": officer}


CARDS = """() => {
  const table = document.querySelector("table.card-table");
  const cells = Array.from(table.querySelectorAll("tbody td[data-label]"), (td) => td.getAttribute("data-label"));
  return {cells, tableWidth: table.scrollWidth, cardWidth: table.closest(".card").clientWidth};
}"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_on_a_phone_the_investment_figures_fit(world, person, language):
    p = person(f"officer-{language}", viewport=PHONE)
    p.page.context.add_cookies([{"name": "devzone_language", "value": language, "url": p.base}])
    p.log_in("zhaoshang", world["officer"].profile.display_name)
    p.goto("/investment/figures/")
    p.fits()
    cards = p.page.evaluate(CARDS)
    assert len(cards["cells"]) == 3, cards  # 合同投资额, 签约日期, 小分队 of the one project
    assert cards["tableWidth"] <= cards["cardWidth"], f"the table runs off its card: {cards}"
    p.shot(f"figures-{language}")
    browser.assert_no_trouble(person.people)
