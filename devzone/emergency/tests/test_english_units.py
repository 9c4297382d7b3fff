"""Quantities on the enterprise's 应急保障 page in the reader's language: the default unit 个 (what the code puts
when the staff type none) reads "pcs" in English, after a space — "Allocated 5 pcs", not "Allocated 5个"; a
unit the staff typed (升) is their data and stays; the Chinese reader reads 已分配 5个 as before."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from devzone.emergency import services
from devzone.emergency.tests.conftest import submit
from devzone.testing.english import catalog_has

pytestmark = pytest.mark.django_db
ENGLISH = {"%(q)s%(u)s": "%(q)s %(u)s", "已分配 %(a)s": "Allocated %(a)s"}


@pytest.fixture
def english():
    catalog_has(ENGLISH)


def test_the_enterprise_reads_its_allocation_with_the_unit_in_its_language(
    english, campaign, firms, enterprise_user, city_officer, client_for
):
    submit(enterprise_user, campaign, quantity=10)
    services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk, quantity=5)
    c = client_for(enterprise_user)
    url = reverse("emergency:mine")
    page = c.get(url).content.decode()
    assert "口罩 10个" in page and "已分配 5个" in page
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(url).content.decode()
    assert "口罩 10 pcs" in page and "Allocated 5 pcs" in page
    assert "个" not in page


def test_a_unit_the_staff_typed_is_their_data(english, campaign, firms, enterprise_user, client_for):
    campaign.supplies.update(unit="升")
    submit(enterprise_user, campaign, quantity=10)
    c = client_for(enterprise_user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(reverse("emergency:mine")).content.decode()
    assert "口罩 10 升" in page and "Allocated 0 升" in page
