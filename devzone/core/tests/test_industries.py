"""The industry classification (GB/T 4754-2017) reads in the reader's language: a reader in English saw
"14 食品制造业" on enterprises, projects, leads and plans."""

import pytest
from django.utils import translation

from devzone.core import industries
from devzone.core.models import Industry
from devzone.testing import factories as f


def test_every_section_and_division_has_an_english_name():
    codes = {code for code, _name, _parent in industries.rows()}
    assert len(codes) == 20 + 97
    assert set(industries.ENGLISH) == codes
    assert all(name.isascii() and name[0].isupper() for name in industries.ENGLISH.values())


@pytest.mark.django_db
def test_an_industry_reads_in_the_active_language():
    food = Industry.objects.get(code="14")
    with translation.override("zh-hans"):
        assert str(food) == "14 食品制造业"
    with translation.override("en"):
        assert str(food) == "14 Manufacture of foods"
        assert Industry.objects.get(code="C").local_name == "Manufacturing"


@pytest.mark.django_db
def test_the_enterprise_list_names_industries_in_english_for_an_english_reader(
    client_for, zone_a, zone_a_leader
):
    f.EnterpriseFactory(zone=zone_a, industry=Industry.objects.get(code="14"))
    client = client_for(zone_a_leader)
    client.cookies["devzone_language"] = "en"
    page = client.get("/core/enterprise/").content.decode()
    assert "Manufacture of foods" in page
    assert "食品制造业" not in page
