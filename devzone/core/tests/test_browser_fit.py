"""Core's pages fit the screens they are read on, in Chinese and in English (its words are longer): the zone
leader's 人员与账号 at 1,366 px shows every column inside its card (双因素认证 and 最近登录 were off to the right
of a zone with enterprise accounts, with no hint of a sideways scroll), and an enterprise user's API tokens need
no sideways scroll on a 390-px phone (each token a card) and keep the revoke button inside the card on a laptop.
Screenshots: ``screenshots/fit-*.png``."""

from __future__ import annotations

import pytest
from django.utils import timezone

from devzone.core.choices import Role
from devzone.core.services import tokens
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.desks import CAST, desk_world

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("fit")
PHONE = (390, 844)
NAMES = {role: (username, name) for role, username, name in CAST}
# enterprise accounts as the zone opens them: the firm's full name, a user name made of its credit code
FIRMS = [
    "少海汇（济南）智慧住居科技有限公司",
    "山东齐鲁高端装备制造有限公司",
    "济南新能源汽车零部件有限公司",
    "济北冷链物流仓储有限公司",
]


@pytest.fixture
def world(transactional_db):
    world = desk_world()
    zone = world.users[Role.ZONE_LEADER].profile.zone
    for i, name in enumerate(FIRMS):
        firm = f.EnterpriseFactory(zone=zone, name=name)
        user = f.user_with_role(
            Role.ENTERPRISE_USER,
            enterprise=firm,
            user__username=f"ent{firm.credit_code.lower()}",
            display_name=f"{name}经办人",
        )
        if i % 2:
            user.last_login = timezone.now()
            user.save(update_fields=["last_login"])
    ent = world.users[Role.ENTERPRISE_USER]
    tokens.token_create(actor=ent, name="财务系统对接", days_valid=365, read_only=True)
    return world


def come_in(person, role, *, viewport, language: str):
    p = person(f"{role}-{viewport[0]}-{language}", viewport=viewport)
    p.page.context.add_cookies([{"name": "devzone_language", "value": language, "url": p.base}])
    p.log_in(*NAMES[role])
    return p


TABLE = """() => {
  const box = document.querySelector(".table-responsive");
  const heads = Array.from(document.querySelectorAll("table thead th"))
    .filter((th) => th.offsetParent !== null).map((th) => th.textContent.trim());
  return {heads, tableWidth: box.scrollWidth, cardWidth: box.clientWidth};
}"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_at_1366_the_people_list_shows_every_column_in_its_card(world, person, language):
    p = come_in(person, Role.ZONE_LEADER, viewport=(1366, 900), language=language)
    p.goto("/core/people/")
    table = p.page.evaluate(TABLE)
    assert len(table["heads"]) >= 7, table  # 双因素认证 and 最近登录 among them
    assert table["tableWidth"] <= table["cardWidth"], f"the columns run off the card: {table}"
    p.fits()
    p.shot(f"people-1366-{language}")
    browser.assert_no_trouble(person.people)


# The narrowest cell of the list's rows, and how many lines the firms' names take in it.
NARROWEST = """() => {
  const cells = Array.from(document.querySelectorAll("table tbody td")).filter((td) => td.offsetParent !== null);
  return Math.min(...cells.map((td) => td.getBoundingClientRect().width));
}"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_on_a_phone_each_person_is_a_card_not_a_squeezed_column(world, person, language):
    """Eight columns in 390 px left each cell a character wide, a firm's name one character a line down the
    screen; on a phone each person is a card, every value under its column's name."""
    p = come_in(person, Role.ZONE_LEADER, viewport=PHONE, language=language)
    p.goto("/core/people/")
    assert p.page.evaluate(NARROWEST) > 300  # each cell the card's width
    firm = p.page.locator("td").filter(has_text=FIRMS[0]).filter(has_not_text="经办人")
    assert firm.bounding_box()["height"] < 3 * 24  # on a line or two, not a character a line
    p.fits()
    p.shot(f"people-phone-{language}")
    browser.assert_no_trouble(person.people)


@pytest.mark.parametrize("viewport", [PHONE, (1366, 900)])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_api_tokens_fit_a_phone_and_a_laptop(world, person, language, viewport):
    p = come_in(person, Role.ENTERPRISE_USER, viewport=viewport, language=language)
    p.goto("/core/tokens/")
    assert p.page.get_by_text("财务系统对接").is_visible()
    p.fits()
    table = p.page.evaluate(TABLE)
    assert table["tableWidth"] <= table["cardWidth"], f"the token runs off its card: {table}"
    p.shot(f"tokens-{viewport[0]}-{language}")
    browser.assert_no_trouble(person.people)
