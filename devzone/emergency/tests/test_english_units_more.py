"""The default unit 个 reads "pcs" to an English reader on the enterprise's page (test_english_units.py), but the
same firm read 个 on its need form's supply choice ("口罩（个）") and in the notices it gets on its phone ("5 个 of
口罩 have been allocated …", "… trimmed to 8 个"): the unit went into both as stored, untranslated. A unit the
staff typed (升) is their data and stays as typed."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import trans_real

from devzone.emergency import services
from devzone.emergency.tests.conftest import submit

pytestmark = pytest.mark.django_db
ENGLISH = {
    "%(name)s（%(unit)s）": "%(name)s (%(unit)s)",
    "%(item)s已为贵企业分配%(n)d%(unit)s": "%(n)d %(unit)s of %(item)s have been allocated to your enterprise",
    "贵企业的%(item)s需求已调减为%(n)d%(unit)s": "Your enterprise's need of %(item)s was trimmed to %(n)d %(unit)s",
}


@pytest.fixture
def english(monkeypatch):
    """The English catalog with these texts (the lead compiles the project's catalog separately)."""
    catalog = trans_real.translation("en")._catalog._catalogs[0]
    for msgid, text in ENGLISH.items():
        monkeypatch.setitem(catalog, msgid, text)


def test_the_need_forms_supply_reads_its_unit_in_english(
    english, campaign, firms, enterprise_user, client_for
):
    c = client_for(enterprise_user)
    url = reverse("emergency:my_need", args=[campaign.pk])
    assert "口罩（个）" in c.get(url).content.decode()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(url).content.decode()
    assert "口罩 (pcs)" in page and "个" not in page
    campaign.supplies.update(unit="升")  # the staff's own unit stays as typed
    assert "口罩 (升)" in c.get(url).content.decode()


def test_the_notices_give_the_unit_in_the_readers_language(
    english, campaign, firms, enterprise_user, city_officer, zone_a_leader
):
    enterprise_user.profile.language = "en"
    enterprise_user.profile.save()
    n = submit(enterprise_user, campaign, quantity=10)
    services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk, quantity=5)
    services.need_trim(actor=zone_a_leader, need=n, quantity=8)
    assert sorted(x.title for x in enterprise_user.notifications.all()) == [
        "5 pcs of 口罩 have been allocated to your enterprise",
        "Your enterprise's need of 口罩 was trimmed to 8 pcs",
    ]


def test_the_campaign_forms_unit_placeholder_is_in_english(city_officer, client_for):
    """The supplies' unit fields show what a blank unit becomes: 个, "pcs" to an English reader."""
    c = client_for(city_officer)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(reverse("emergency:campaign_new")).content.decode()
    assert 'placeholder="pcs"' in page and 'placeholder="个"' not in page
